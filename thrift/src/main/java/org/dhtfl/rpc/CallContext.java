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

  static void set(InetAddress peer) {
    PEER.set(peer);
  }

  static void clear() {
    PEER.remove();
  }
}
