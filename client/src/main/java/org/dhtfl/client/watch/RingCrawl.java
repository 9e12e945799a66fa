package org.dhtfl.client.watch;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/**
 * Reads every node that can be reached from some starting nodes through the nodes' own pointers
 * (predecessor, successors, fingers): one get_ring_state call per node. Unlike the successor walk
 * of {@code client ring}, it also finds the nodes that are still pointed to but no longer answer,
 * which is what a person watching a repair wants to see.
 */
final class RingCrawl {

  /** One node that answered: its view of the ring and the jobs it holds. */
  record Member(RingState state, List<HeldJob> held) {
    Member {
      held = List.copyOf(held);
    }
  }

  /** What a crawl found: the nodes that answered, and those asked that did not answer as themselves. */
  record Result(List<Member> members, List<NodeRef> silent) {
    Result {
      members = List.copyOf(members);
      silent = List.copyOf(silent);
    }
  }

  /** Reads one node; the crawl's way to the network, replaced in tests. */
  @FunctionalInterface
  interface Reader {
    Member read(NodeRef node) throws RemoteException;
  }

  private RingCrawl() {
  }

  /** Reads nodes over Thrift with the given settings. */
  static Reader thrift(RpcSettings settings) {
    return node -> Rpc.computeNode(node, settings, c -> {
      org.dhtfl.thrift.RingState state = c.get_ring_state();
      return new Member(Convert.fromThrift(state), JobWire.held(state));
    });
  }

  /** Crawls from {@code starts} (in that order), reading at most {@code max} nodes. */
  static Result crawl(List<NodeRef> starts, Reader reader, int max) {
    return crawl(starts, reader, max, Integer.MAX_VALUE);
  }

  /**
   * Crawls from {@code starts} (in that order), reading at most {@code max} nodes and stopping once
   * {@code maxSilent} of them did not answer as themselves: every address a node names costs a
   * connection attempt, and one that nobody serves costs the whole connect timeout.
   */
  static Result crawl(List<NodeRef> starts, Reader reader, int max, int maxSilent) {
    Deque<NodeRef> queue = new ArrayDeque<>(starts);
    Set<String> asked = new HashSet<>();
    List<Member> members = new ArrayList<>();
    List<NodeRef> silent = new ArrayList<>();
    while (!queue.isEmpty() && asked.size() < max && silent.size() < maxSilent) {
      NodeRef node = queue.poll();
      if (!asked.add(node.toString())) {
        continue;
      }
      Member member;
      try {
        member = reader.read(node);
      } catch (RemoteException e) {
        silent.add(node);
        continue;
      }
      RingState state = member.state();
      if (!state.self().sameAs(node)) {
        // Another node serves the address now: the one asked for is gone.
        silent.add(node);
        if (!asked.add(state.self().toString())) {
          continue;
        }
      }
      members.add(member);
      state.predecessor().ifPresent(queue::add);
      queue.addAll(state.successors());
      queue.addAll(state.fingers());
    }
    return new Result(members, silent);
  }
}
