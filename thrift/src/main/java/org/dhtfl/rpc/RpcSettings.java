package org.dhtfl.rpc;

/**
 * Limits and timeouts of every Thrift connection, on both ends.
 *
 * @param connectTimeoutMs how long a client waits for a TCP connection
 * @param callTimeoutMs how long a client waits for an answer
 * @param idleTimeoutMs how long a server keeps a connection that sends nothing
 * @param messageTimeoutMs how long a server waits for the rest of a message once it began (a
 *     peer that sends slowly is dropped)
 * @param maxMessageBytes the largest message a peer may send (a model or a shard carried with a job)
 * @param maxStringBytes the longest string or binary field
 * @param maxContainerElements the most elements of one list, set or map
 * @param maxConnections connections a server serves at once; more are closed at once
 * @param tls mutual TLS for every connection, or none (plain sockets, as the reference speaks)
 */
public record RpcSettings(
    int connectTimeoutMs,
    int callTimeoutMs,
    int idleTimeoutMs,
    int messageTimeoutMs,
    int maxMessageBytes,
    int maxStringBytes,
    int maxContainerElements,
    int maxConnections,
    java.util.Optional<Tls> tls) {

  public static final RpcSettings DEFAULTS = new RpcSettings(
      1_000, 10_000, 30_000, 15_000, 16 << 20, 16 << 20, 1_000_000, 64, java.util.Optional.empty());

  public RpcSettings {
    positive(connectTimeoutMs, "connect timeout");
    positive(callTimeoutMs, "call timeout");
    positive(idleTimeoutMs, "idle timeout");
    positive(messageTimeoutMs, "message timeout");
    positive(maxMessageBytes, "max message bytes");
    positive(maxStringBytes, "max string bytes");
    positive(maxContainerElements, "max container elements");
    positive(maxConnections, "max connections");
    java.util.Objects.requireNonNull(tls, "tls");
  }

  public RpcSettings withCallTimeoutMs(int ms) {
    return new RpcSettings(connectTimeoutMs, ms, idleTimeoutMs, messageTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, tls);
  }

  public RpcSettings withConnectTimeoutMs(int ms) {
    return new RpcSettings(ms, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, tls);
  }

  /** The server side: how long a connection may idle, and how long one message may take to arrive. */
  public RpcSettings withServerTimeouts(int idleMs, int messageMs) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleMs, messageMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, tls);
  }

  public RpcSettings withMaxConnections(int connections) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes,
        maxStringBytes, maxContainerElements, connections, tls);
  }

  public RpcSettings withTls(java.util.Optional<Tls> value) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes,
        maxStringBytes, maxContainerElements, maxConnections, value);
  }

  private static void positive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
  }
}
