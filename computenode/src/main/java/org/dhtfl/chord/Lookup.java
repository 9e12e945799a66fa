package org.dhtfl.chord;

import java.util.List;
import java.util.stream.Collectors;
import org.dhtfl.ring.NodeRef;

/**
 * The result of a lookup: the key's owner (the first live node at or after the key), the node
 * whose successor range held the key, the IDs of the nodes the lookup went through (the
 * originator first, the owner last) and how many remote nodes it consulted.
 */
public record Lookup(int key, NodeRef owner, NodeRef lastHop, List<Integer> path, int hops) {

  public Lookup {
    path = List.copyOf(path);
  }

  /** "19 -> 51 -> 6" */
  public String pathText() {
    return path.stream().map(String::valueOf).collect(Collectors.joining(" -> "));
  }
}
