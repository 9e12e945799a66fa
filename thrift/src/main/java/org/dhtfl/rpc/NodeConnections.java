package org.dhtfl.rpc;

import java.net.SocketException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.thrift.ComputeNode;

/**
 * Calls on compute nodes over connections kept open between calls, so that the many small calls
 * of a ring (lookups, pulls of result copies, stabilisation) do not each pay a TCP connection, a
 * server thread hand-off and, with TLS, a handshake. A connection is used by one call at a time;
 * after a call that succeeded it waits, idle, for the next call to the same node, for at most
 * {@code maxIdleMillis} (less than a crowded server's idle time-out, so the server has not closed
 * it yet) and with at most {@code maxIdlePerNode} waiting per node, so that a node keeps few of its
 * peers' connection slots. A connection that failed is closed, never reused.
 *
 * <p>A call that fails on a reused connection before any answer came (the server closed it while
 * it was idle: a restart, a crowded server) is made once more on a new connection. Everything else
 * fails as a one-shot call would ({@link Rpc#computeNode}).
 */
public final class NodeConnections implements AutoCloseable {

  /** Kept idle at most this long: a crowded server closes idle connections after 2 s. */
  public static final long DEFAULT_MAX_IDLE_MILLIS = 1_000;
  public static final int DEFAULT_MAX_IDLE_PER_NODE = 2;

  private final RpcSettings settings;
  private final long maxIdleMillis;
  private final int maxIdlePerNode;
  private final LongSupplier clock;

  // Guarded by this.
  private final Map<String, ArrayDeque<Idle>> idle = new HashMap<>();
  private boolean closed;

  private record Idle(TTransport transport, ComputeNode.Client client, long since) {
  }

  /** Connections kept with the defaults: at most 2 per node, for at most 1 s. */
  public NodeConnections(RpcSettings settings) {
    this(settings, DEFAULT_MAX_IDLE_MILLIS, DEFAULT_MAX_IDLE_PER_NODE, System::currentTimeMillis);
  }

  /** Every call over a connection of its own, as {@link Rpc#computeNode} does: nothing is kept. */
  public static NodeConnections oneShot(RpcSettings settings) {
    return new NodeConnections(settings, 0, 0, System::currentTimeMillis);
  }

  /** With {@code maxIdlePerNode} 0, every call has a connection of its own, as {@link Rpc#computeNode} does. */
  public NodeConnections(RpcSettings settings, long maxIdleMillis, int maxIdlePerNode, LongSupplier clockMillis) {
    this.settings = Objects.requireNonNull(settings, "settings");
    if (maxIdleMillis < 0 || maxIdlePerNode < 0) {
      throw new IllegalArgumentException("idle limits " + maxIdleMillis + " ms, " + maxIdlePerNode
          + " per node must not be negative");
    }
    this.maxIdleMillis = maxIdleMillis;
    this.maxIdlePerNode = maxIdlePerNode;
    this.clock = Objects.requireNonNull(clockMillis, "clock");
  }

  public RpcSettings settings() {
    return settings;
  }

  /** One call on the node; fails as {@link Rpc#computeNode} does. */
  public <R> R call(NodeRef node, Rpc.Call<ComputeNode.Client, R> call) throws RemoteException {
    String where = "node " + node.host() + ":" + node.port();
    try {
      Idle kept = take(node);
      if (kept != null) {
        try {
          return callOn(node, kept.transport(), kept.client(), call);
        } catch (TTransportException e) {
          if (!closedWhileIdle(e)) {
            throw e;
          }
          // Closed by the server while it waited here: the call never reached it; once more, anew.
        }
      }
      TTransport transport = Rpc.open(node.host(), node.port(), settings);
      return callOn(node, transport, new ComputeNode.Client(Rpc.protocol(transport, settings)), call);
    } catch (TException e) {
      throw RemoteException.of(where, e);
    } catch (IllegalArgumentException e) {
      throw RemoteException.malformed(where, e);
    }
  }

  /** The call over this connection: kept for the next call when it succeeded, closed whatever else happened. */
  private <R> R callOn(NodeRef node, TTransport transport, ComputeNode.Client client,
      Rpc.Call<ComputeNode.Client, R> call) throws TException {
    boolean answered = false;
    try {
      R answer = call.apply(client);
      answered = true;
      return answer;
    } finally {
      if (answered) {
        giveBack(node, transport, client);
      } else {
        transport.close();
      }
    }
  }

  /** How many connections wait idle now, over all nodes (for tests and metrics). */
  public synchronized int idleCount() {
    return idle.values().stream().mapToInt(ArrayDeque::size).sum();
  }

  /** Closes every idle connection; calls after this use a connection of their own each. */
  @Override
  public void close() {
    List<Idle> all = new ArrayList<>();
    synchronized (this) {
      closed = true;
      idle.values().forEach(all::addAll);
      idle.clear();
    }
    all.forEach(i -> i.transport().close());
  }

  /** A connection to the node that waited at most the idle limit, or null; older ones are closed. */
  private Idle take(NodeRef node) {
    List<Idle> stale = new ArrayList<>();
    Idle found = null;
    synchronized (this) {
      ArrayDeque<Idle> waiting = idle.get(node.address());
      long now = clock.getAsLong();
      while (waiting != null && !waiting.isEmpty()) {
        Idle newest = waiting.pollLast();
        if (now - newest.since() <= maxIdleMillis) {
          found = newest;
          break;
        }
        stale.add(newest);
      }
      if (waiting != null && waiting.isEmpty()) {
        idle.remove(node.address());
      }
    }
    stale.forEach(i -> i.transport().close());
    return found;
  }

  private void giveBack(NodeRef node, TTransport transport, ComputeNode.Client client) {
    Idle oldest = null;
    synchronized (this) {
      if (!closed && maxIdlePerNode > 0 && transport.isOpen()) {
        ArrayDeque<Idle> waiting = idle.computeIfAbsent(node.address(), a -> new ArrayDeque<>());
        waiting.addLast(new Idle(transport, client, clock.getAsLong()));
        if (waiting.size() > maxIdlePerNode) {
          oldest = waiting.pollFirst();
        }
        transport = null;
      }
    }
    if (oldest != null) {
      oldest.transport().close();
    }
    if (transport != null) {
      transport.close();
    }
  }

  /**
   * The signs of a connection the server closed while it was idle: the answer ends before it began
   * (end of file) or the socket was reset or broken when the request was written.
   */
  private static boolean closedWhileIdle(TTransportException e) {
    if (e.getType() == TTransportException.END_OF_FILE) {
      return true;
    }
    for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
      if (cause instanceof SocketException) {
        return true;
      }
    }
    return false;
  }
}
