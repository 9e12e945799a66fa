package org.dhtfl.client.ring;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.PhysicalNodes;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/** Walks the ring along successor pointers from one member and collects what each member knows. */
public final class RingWalk {

  /** More members than this are taken for a loop in the pointers. */
  static final int MAX_MEMBERS = 100_000;

  private RingWalk() {
  }

  /** The members in ring order, starting at {@code start}; members that do not answer are skipped. */
  public static List<RingState> walk(NodeRef start, RpcSettings settings) throws RemoteException {
    List<RingState> states = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    List<NodeRef> next = List.of(start);
    RemoteException failure = null;
    while (states.size() < MAX_MEMBERS) {
      RingState state = null;
      for (NodeRef candidate : next) {
        if (seen.contains(key(candidate))) {
          return states;
        }
        try {
          state = Rpc.computeNode(candidate, settings, c -> Convert.fromThrift(c.get_ring_state()));
          break;
        } catch (RemoteException e) {
          failure = e;
        }
      }
      if (state == null) {
        if (states.isEmpty()) {
          throw failure != null ? failure
              : new RemoteException(RemoteException.Kind.UNREACHABLE, "no member answers");
        }
        return states;
      }
      seen.add(key(state.self()));
      states.add(state);
      next = state.successors().isEmpty() ? List.of(state.self()) : state.successors();
    }
    return states;
  }

  /**
   * "Ring of N members (m = M):" and one line per member: ID and address; when members hold several
   * positions each (computenode --virtual), one line per physical node instead ({@link #printNodes}).
   */
  public static void print(PrintStream out, List<RingState> ring) {
    if (PhysicalNodes.anyVirtual(ring)) {
      List<PhysicalNodes.Node> nodes = PhysicalNodes.of(ring);
      out.printf("Ring of %d members on %d nodes (m = %d):%n", ring.size(), nodes.size(), ring.get(0).bits());
      printNodes(out, nodes);
      return;
    }
    out.printf("Ring of %d members (m = %d):%n", ring.size(), ring.get(0).bits());
    ring.forEach(s -> out.printf("  %5d  %s%n", s.self().id(), s.self().address()));
  }

  /** One line per physical node: its address and the IDs of its positions on the ring, in its own order. */
  public static void printNodes(PrintStream out, List<PhysicalNodes.Node> nodes) {
    for (PhysicalNodes.Node node : nodes) {
      out.printf("  %s  positions %s%n", node.first().address(),
          String.join(", ", node.positions().stream().map(p -> String.valueOf(p.id())).toList()));
    }
  }

  /** The entry node first, then the other members in ring order: whom a client may fail over to. */
  static List<NodeRef> members(NodeRef entry, List<RingState> ring) {
    List<NodeRef> members = new ArrayList<>();
    members.add(entry);
    ring.stream().map(RingState::self).filter(n -> !n.sameAs(entry)).forEach(members::add);
    return members;
  }

  private static String key(NodeRef node) {
    return node.id() + "@" + node.address();
  }
}
