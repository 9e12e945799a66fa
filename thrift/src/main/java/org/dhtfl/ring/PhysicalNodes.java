package org.dhtfl.ring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The physical nodes behind a ring's members: a process holding several positions (computenode
 * --virtual) names them in each position's {@link RingState#positions()}. A member is shown as a
 * position of the process it names only when that process's first position names it too, so no
 * member can put itself into another's process; every other member stands alone.
 */
public final class PhysicalNodes {

  /** One process: its first position, which stands for it, and every position read, in its own order. */
  public record Node(NodeRef first, List<NodeRef> positions) {
    public Node {
      positions = List.copyOf(positions);
    }
  }

  private PhysicalNodes() {
  }

  /** Whether any member holds more than one position. */
  public static boolean anyVirtual(List<RingState> members) {
    return members.stream().anyMatch(m -> m.positions().size() > 1);
  }

  /** The processes of the members, in the order their first member appears. */
  public static List<Node> of(List<RingState> members) {
    Map<String, RingState> byNode = new LinkedHashMap<>();
    members.forEach(m -> byNode.putIfAbsent(m.self().toString(), m));
    Map<String, List<NodeRef>> groups = new LinkedHashMap<>();
    Map<String, NodeRef> heads = new LinkedHashMap<>();
    for (RingState member : byNode.values()) {
      NodeRef named = member.physical();
      RingState process = byNode.get(named.toString());
      boolean vouched = process != null && process.positions().stream().anyMatch(p -> p.sameAs(member.self()));
      NodeRef head = vouched ? named : member.self();
      heads.putIfAbsent(head.toString(), head);
      groups.computeIfAbsent(head.toString(), k -> new ArrayList<>()).add(member.self());
    }
    List<Node> nodes = new ArrayList<>();
    groups.forEach((key, positions) -> {
      RingState process = byNode.get(key);
      List<NodeRef> order = process == null ? List.of() : process.positions();
      positions.sort(Comparator.comparingInt(p -> rank(order, p)));
      nodes.add(new Node(heads.get(key), positions));
    });
    return nodes;
  }

  private static int rank(List<NodeRef> order, NodeRef position) {
    for (int i = 0; i < order.size(); i++) {
      if (order.get(i).sameAs(position)) {
        return i;
      }
    }
    return order.size();
  }
}
