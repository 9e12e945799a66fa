package org.dhtfl.ring;

import java.util.Objects;

/**
 * A ring member as every other member refers to it: identifier and address together, so that a
 * reference can be used without asking anyone where the node lives.
 */
public record NodeRef(int id, String host, int port) {

  public NodeRef {
    if (id < 0) {
      throw new IllegalArgumentException("node id " + id + " is negative");
    }
    Objects.requireNonNull(host, "host");
    if (host.isBlank()) {
      throw new IllegalArgumentException("host is empty");
    }
    checkPort(port);
  }

  /** Fails naming the port unless it is a TCP port number. */
  public static int checkPort(long port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1..65535");
    }
    return (int) port;
  }

  /** "host:port", the reference's address format. */
  public String address() {
    return host + ":" + port;
  }

  /** True when both name the same node at the same address. */
  public boolean sameAs(NodeRef other) {
    return other != null && other.id == id && other.port == port && other.host.equals(host);
  }

  @Override
  public String toString() {
    return id + "@" + address();
  }
}
