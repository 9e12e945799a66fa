package org.dhtfl.supernode;

import java.net.ConnectException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.thrift.TApplicationException;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Neighbours;

/**
 * What answers at a node's address, asked with a ping: the supernode's health check of its members,
 * and its search for members it forgot.
 */
final class NodeProbe {

  /** What the address answered. */
  sealed interface Answer {
    /** A dhtfl node, and who it says it is. */
    record Node(NodeRef self) implements Answer {
    }

    /** A Thrift server without ping: a node of the reference system, alive but unable to say who it is. */
    record WithoutPing() implements Answer {
    }

    /** Nothing listens there: the connection was refused. */
    record Refused() implements Answer {
    }

    /** No usable answer: a time-out, an unreachable host, a failed handshake or a garbled reply. */
    record Silent(String why) implements Answer {
    }
  }

  /** The most addresses asked at once. */
  private static final int PARALLEL = 8;

  private NodeProbe() {
  }

  static Answer ask(String host, int port, RpcSettings settings) {
    try {
      Optional<NodeRef> self = Rpc.computeNode(host, port, settings, c -> {
        try {
          return Optional.of(Convert.fromThrift(c.ping()));
        } catch (TApplicationException e) {
          if (e.getType() == TApplicationException.UNKNOWN_METHOD) {
            return Optional.empty();
          }
          throw e;
        }
      });
      return self.<Answer>map(Answer.Node::new).orElseGet(Answer.WithoutPing::new);
    } catch (RemoteException e) {
      for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
        if (t instanceof ConnectException) {
          return new Answer.Refused();
        }
      }
      return new Answer.Silent(e.getMessage());
    }
  }

  /**
   * The first successor of a dhtfl node as it answers get_neighbours (itself when it is alone), or
   * none when it does not answer as {@code member}: the health check's reading of the rings.
   */
  static Optional<Integer> successorOf(NodeRef member, RpcSettings settings) {
    try {
      return Rpc.computeNode(member.host(), member.port(), settings, c -> {
        Neighbours neighbours = c.get_neighbours();
        NodeRef self = Convert.fromThrift(neighbours.getNode());
        if (!self.sameAs(member)) {
          return Optional.<Integer>empty();
        }
        List<org.dhtfl.thrift.NodeRef> successors = neighbours.getSuccessors();
        return Optional.of(successors == null || successors.isEmpty() ? self.id() : successors.get(0).getId());
      });
    } catch (RemoteException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /** True when the answer shows the member alive: it answers as itself, or it is a node without ping. */
  static boolean showsAlive(Answer answer, NodeRef member) {
    if (answer instanceof Answer.Node node) {
      return node.self().id() == member.id() && node.self().port() == member.port();
    }
    return answer instanceof Answer.WithoutPing;
  }

  /**
   * Asks every listed address, several at once; an address that has not answered within about two
   * call time-outs counts as silent.
   */
  static Map<AdmissionList.Entry, Answer> askAll(List<AdmissionList.Entry> entries, RpcSettings settings) {
    Map<AdmissionList.Entry, Answer> answers = new LinkedHashMap<>();
    if (entries.isEmpty()) {
      return answers;
    }
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, entries.size()), r -> {
      Thread t = new Thread(r, "supernode-probe");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<Answer>> futures = new ArrayList<>();
      for (AdmissionList.Entry entry : entries) {
        futures.add(pool.submit(() -> ask(entry.host(), entry.port(), settings)));
      }
      long deadline = System.nanoTime()
          + TimeUnit.MILLISECONDS.toNanos(2L * (settings.connectTimeoutMs() + settings.callTimeoutMs()));
      for (int i = 0; i < entries.size(); i++) {
        answers.put(entries.get(i), result(futures.get(i), deadline));
      }
      return answers;
    } finally {
      pool.shutdownNow();
    }
  }

  private static Answer result(Future<Answer> future, long deadlineNanos) {
    try {
      return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Answer.Silent("interrupted");
    } catch (ExecutionException | CancellationException e) {
      return new Answer.Silent(String.valueOf(e.getCause()));
    } catch (TimeoutException e) {
      future.cancel(true);
      return new Answer.Silent("no answer in time");
    }
  }
}
