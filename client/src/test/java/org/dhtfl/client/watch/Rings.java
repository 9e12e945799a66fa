package org.dhtfl.client.watch;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.RemoteException;

/** Rings for the watch's tests: the ideal states of some IDs, read by a reader that knows which nodes answer. */
final class Rings {

  static final IdSpace SPACE = new IdSpace(6);

  private Rings() {
  }

  static NodeRef node(int id) {
    return new NodeRef(id, "127.0.0.1", 5000 + id);
  }

  /** Every node's state in the ideal ring of {@code ids}, with successor lists of two. */
  static Map<Integer, RingState> ideal(int... ids) {
    List<Integer> all = new ArrayList<>();
    for (int id : ids) {
      all.add(id);
    }
    IdealRing ring = new IdealRing(SPACE, all);
    Map<Integer, RingState> states = new HashMap<>();
    for (int id : ids) {
      List<NodeRef> successors = new ArrayList<>();
      int next = id;
      for (int i = 0; i < Math.min(2, ids.length - 1); i++) {
        next = ring.nextOf(next);
        successors.add(node(next));
      }
      List<NodeRef> fingers = new ArrayList<>();
      for (int i = 0; i < SPACE.bits(); i++) {
        fingers.add(node(ring.successorOf(SPACE.plusPowerOfTwo(id, i))));
      }
      states.put(id, new RingState(node(id), Optional.of(node(ring.predecessorOf(id))), successors, fingers,
          SPACE.bits()));
    }
    return states;
  }

  /** Reads the given states; a node without one does not answer. */
  static RingCrawl.Reader reader(Map<Integer, RingState> answering, Map<Integer, List<org.dhtfl.jobs.HeldJob>> held) {
    return node -> {
      RingState state = answering.get(node.id());
      if (state == null) {
        throw new RemoteException(RemoteException.Kind.UNREACHABLE, "node " + node + " is down");
      }
      return new RingCrawl.Member(state, held.getOrDefault(node.id(), List.of()));
    };
  }
}
