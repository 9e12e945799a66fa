package org.dhtfl.rpc;

import java.net.InetAddress;
import java.util.Optional;

/**
 * The connection the current server thread is serving: the caller's address and, with TLS, the
 * identity its certificate names.
 */
public final class CallContext {

  private static final ThreadLocal<InetAddress> PEER = new ThreadLocal<>();
  private static final ThreadLocal<PeerIdentity> IDENTITY = new ThreadLocal<>();

  private CallContext() {
  }

  /** The caller's address, when the current thread serves a Thrift connection. */
  public static Optional<InetAddress> peer() {
    return Optional.ofNullable(PEER.get());
  }

  /** The identity the caller's certificate names; empty in plain mode. */
  public static Optional<PeerIdentity> identity() {
    return Optional.ofNullable(IDENTITY.get());
  }

  /** Runs the action as if serving a plain connection from {@code peer} (tests of handlers that check callers). */
  public static <T, E extends Exception> T as(InetAddress peer, CheckedSupplier<T, E> action) throws E {
    return serving(peer, null, action);
  }

  /** Runs the action as if serving a TLS connection from {@code peer} with a certificate naming {@code identity}. */
  public static <T, E extends Exception> T as(InetAddress peer, PeerIdentity identity, CheckedSupplier<T, E> action)
      throws E {
    return serving(peer, java.util.Objects.requireNonNull(identity, "identity"), action);
  }

  private static <T, E extends Exception> T serving(InetAddress peer, PeerIdentity identity,
      CheckedSupplier<T, E> action) throws E {
    InetAddress peerBefore = PEER.get();
    PeerIdentity identityBefore = IDENTITY.get();
    restore(PEER, peer);
    restore(IDENTITY, identity);
    try {
      return action.get();
    } finally {
      restore(PEER, peerBefore);
      restore(IDENTITY, identityBefore);
    }
  }

  private static <V> void restore(ThreadLocal<V> local, V value) {
    if (value == null) {
      local.remove();
    } else {
      local.set(value);
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

  static void set(Optional<PeerIdentity> identity) {
    restore(IDENTITY, identity.orElse(null));
  }

  static void clear() {
    PEER.remove();
    IDENTITY.remove();
  }
}
