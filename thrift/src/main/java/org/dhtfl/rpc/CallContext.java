package org.dhtfl.rpc;

import java.net.InetAddress;
import java.util.Optional;

/** The remote address of the connection the current server thread is serving. */
public final class CallContext {

  private static final ThreadLocal<InetAddress> PEER = new ThreadLocal<>();

  private CallContext() {
  }

  /** The caller's address, when the current thread serves a Thrift connection. */
  public static Optional<InetAddress> peer() {
    return Optional.ofNullable(PEER.get());
  }

  /** Runs the action as if serving a connection from {@code peer} (tests of handlers that check callers). */
  public static <T, E extends Exception> T as(InetAddress peer, CheckedSupplier<T, E> action) throws E {
    InetAddress before = PEER.get();
    PEER.set(peer);
    try {
      return action.get();
    } finally {
      if (before == null) {
        PEER.remove();
      } else {
        PEER.set(before);
      }
    }
  }

  /** A value that may fail with E. */
  @FunctionalInterface
  public interface CheckedSupplier<T, E extends Exception> {
    T get() throws E;
  }

  static void set(InetAddress peer) {
    PEER.set(peer);
  }

  static void clear() {
    PEER.remove();
  }
}
