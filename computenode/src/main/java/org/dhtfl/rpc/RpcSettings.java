package org.dhtfl.rpc;

/**
 * Limits and timeouts of every Thrift connection, on both ends.
 *
 * @param connectTimeoutMs how long a client waits for a TCP connection
 * @param callTimeoutMs how long a client waits for an answer
 * @param idleTimeoutMs how long a server keeps a connection that sends nothing
 * @param maxMessageBytes the largest message a peer may send (a model or a shard carried with a job)
 * @param maxStringBytes the longest string or binary field
 * @param maxContainerElements the most elements of one list, set or map
 * @param maxConnections connections a server serves at once; more are closed at once
 */
public record RpcSettings(
    int connectTimeoutMs,
    int callTimeoutMs,
    int idleTimeoutMs,
    int maxMessageBytes,
    int maxStringBytes,
    int maxContainerElements,
    int maxConnections) {

  public static final RpcSettings DEFAULTS = new RpcSettings(
      1_000, 10_000, 30_000, 16 << 20, 16 << 20, 1_000_000, 64);

  public RpcSettings {
    positive(connectTimeoutMs, "connect timeout");
    positive(callTimeoutMs, "call timeout");
    positive(idleTimeoutMs, "idle timeout");
    positive(maxMessageBytes, "max message bytes");
    positive(maxStringBytes, "max string bytes");
    positive(maxContainerElements, "max container elements");
    positive(maxConnections, "max connections");
  }

  public RpcSettings withCallTimeoutMs(int ms) {
    return new RpcSettings(connectTimeoutMs, ms, idleTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections);
  }

  public RpcSettings withConnectTimeoutMs(int ms) {
    return new RpcSettings(ms, callTimeoutMs, idleTimeoutMs, maxMessageBytes, maxStringBytes,
        maxContainerElements, maxConnections);
  }

  private static void positive(long value, String what) {
    if (value <= 0) {
      throw new IllegalArgumentException(what + " " + value + " must be positive");
    }
  }
}
