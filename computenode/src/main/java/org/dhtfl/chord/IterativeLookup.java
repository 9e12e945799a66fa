package org.dhtfl.chord;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;

/**
 * A lookup run by one node: each hop asks a node for its successors and for the nodes it knows
 * closer to the key, and goes on through the first of those that answers. A dead node costs one
 * failed call and is skipped; the owner is the first live successor of the last hop.
 *
 * <p>No answer is believed blindly: a node's answer counts only when it comes from the node asked,
 * holds at most {@link #MAX_LIST} nodes per list, and names as closer to the key only nodes that lie
 * strictly between the node and the key, so every hop moves strictly closer and a lookup ends. An
 * answer that breaks a rule counts as a failed node, like one that does not come.
 */
final class IterativeLookup {

  private static final int MAX_HOPS = 10_000;
  /** The most nodes a list in an answer may hold (a successor list, the nodes closer to the key). */
  static final int MAX_LIST = 256;

  private final ChordNode origin;
  private final PeerConnector network;
  private final Liveness liveness;

  IterativeLookup(ChordNode origin, PeerConnector network, Liveness liveness) {
    this.origin = origin;
    this.network = network;
    this.liveness = liveness;
  }

  Lookup run(int key) throws LookupFailedException {
    IdSpace space = origin.space();
    NodeRef self = origin.self();
    List<Integer> path = new ArrayList<>();
    path.add(self.id());
    NodeRef pred = origin.predecessor().orElse(null);
    if (pred != null && !pred.sameAs(self) && space.inOpenClosed(pred.id(), key, self.id())) {
      // The key is in (predecessor, self]: this node owns it, no hop needed.
      return new Lookup(key, self, pred, path, 0);
    }
    NodeRef current = self;
    RouteStep step = origin.routeStep(key);
    int hops = 0;
    while (hops < MAX_HOPS) {
      List<NodeRef> succs = step.successors();
      if (succs.isEmpty()) {
        // current is alone in its own view: it owns every key.
        return finish(key, current, current, path, hops);
      }
      if (space.inOpenClosed(current.id(), key, succs.get(0).id())) {
        int asked = current.id();
        NodeRef owner = liveness.firstLive(succs).orElseThrow(() -> new LookupFailedException("key " + key
            + ": every successor of node " + asked + " is down"));
        return finish(key, owner, current, path, hops);
      }
      NodeRef next = null;
      RouteStep nextStep = null;
      for (NodeRef candidate : step.preceding()) {
        nextStep = stepAt(candidate, key);
        if (nextStep != null) {
          next = candidate;
          break;
        }
      }
      if (next == null) {
        // Every node known closer to the key is down: walk the successor list instead.
        for (NodeRef s : succs) {
          if (space.inOpenClosed(current.id(), key, s.id()) && liveness.isAlive(s)) {
            return finish(key, s, current, path, hops);
          }
        }
        for (int i = succs.size() - 1; i >= 0 && next == null; i--) {
          NodeRef s = succs.get(i);
          if (space.inOpenOpen(current.id(), s.id(), key)) {
            nextStep = stepAt(s, key);
            next = nextStep == null ? null : s;
          }
        }
        if (next == null) {
          throw new LookupFailedException("key " + key + ": no live node known to node " + current.id()
              + " lies closer to the key");
        }
      }
      if (!next.sameAs(self)) {
        hops++;
      }
      path.add(next.id());
      current = next;
      step = nextStep;
    }
    throw new LookupFailedException("key " + key + ": no owner found in " + MAX_HOPS + " hops");
  }

  private static Lookup finish(int key, NodeRef owner, NodeRef lastHop, List<Integer> path, int hops) {
    if (path.get(path.size() - 1) != owner.id()) {
      path.add(owner.id());
    }
    return new Lookup(key, owner, lastHop, path, hops);
  }

  /** The node's answer for one hop, or null when it does not answer or its answer breaks the rules. */
  private RouteStep stepAt(NodeRef node, int key) {
    if (node.sameAs(origin.self())) {
      return origin.routeStep(key);
    }
    RouteStep step;
    try {
      step = network.peer(node).routeStep(key);
    } catch (PeerException e) {
      return null;
    }
    return wellFormed(node, key, step) ? step : null;
  }

  private boolean wellFormed(NodeRef asked, int key, RouteStep step) {
    if (!step.self().sameAs(asked) || step.successors().size() > MAX_LIST || step.preceding().size() > MAX_LIST) {
      return false;
    }
    IdSpace space = origin.space();
    for (NodeRef closer : step.preceding()) {
      if (!space.inOpenOpen(asked.id(), closer.id(), key)) {
        return false;
      }
    }
    return true;
  }
}
