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
 * @param maxConnectionsPerHost connections one remote host may hold at once, fewer than the total
 * @param callDeadlineMs how long an outgoing call may take in all, from connecting to the last byte
 *     of its answer (the call timeout bounds each read; a peer that drips its answer meets this)
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
    int maxConnectionsPerHost,
    int callDeadlineMs,
    java.util.Optional<Tls> tls) {

  public static final RpcSettings DEFAULTS = new RpcSettings(
      1_000, 10_000, 30_000, 15_000, 16 << 20, 16 << 20, 1_000_000, 256, 64, 30_000, java.util.Optional.empty());

  public RpcSettings {
    positive(connectTimeoutMs, "connect timeout");
    positive(callTimeoutMs, "call timeout");
    positive(idleTimeoutMs, "idle timeout");
    positive(messageTimeoutMs, "message timeout");
    positive(maxMessageBytes, "max message bytes");
    positive(maxStringBytes, "max string bytes");
    positive(maxContainerElements, "max container elements");
    positive(maxConnections, "max connections");
    positive(maxConnectionsPerHost, "max connections per host");
    positive(callDeadlineMs, "call deadline");
    if (maxConnectionsPerHost > maxConnections) {
      throw new IllegalArgumentException("max connections per host " + maxConnectionsPerHost
          + " must not exceed max connections " + maxConnections);
    }
    java.util.Objects.requireNonNull(tls, "tls");
  }

  public RpcSettings withCallTimeoutMs(int ms) {
    return new RpcSettings(connectTimeoutMs, ms, idleTimeoutMs, messageTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, maxConnectionsPerHost, callDeadlineMs, tls);
  }

  public RpcSettings withConnectTimeoutMs(int ms) {
    return new RpcSettings(ms, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, maxConnectionsPerHost, callDeadlineMs, tls);
  }

  /** The server side: how long a connection may idle, and how long one message may take to arrive. */
  public RpcSettings withServerTimeouts(int idleMs, int messageMs) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleMs, messageMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections, maxConnectionsPerHost, callDeadlineMs, tls);
  }

  public RpcSettings withMaxConnections(int connections) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes,
        maxStringBytes, maxContainerElements, connections, Math.min(maxConnectionsPerHost, connections), callDeadlineMs,
        tls);
  }

  /** Connections a server takes from one remote host at once. */
  public RpcSettings withMaxConnectionsPerHost(int connections) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes,
        maxStringBytes, maxContainerElements, maxConnections, connections, callDeadlineMs, tls);
  }

  public RpcSettings withTls(java.util.Optional<Tls> value) {
    return new RpcSettings(connectTimeoutMs, callTimeoutMs, idleTimeoutMs, messageTimeoutMs, maxMessageBytes,
        maxStringBytes, maxContainerElements, maxConnections, maxConnectionsPerHost, callDeadlineMs, value);
  }

  private static void positive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
  }
}
