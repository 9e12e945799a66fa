package org.dhtfl.supernode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The rings the members' successor pointers make, as the health check read them: after a partition
 * the members may form two rings (or more) until they merge again. Each member's walk along the
 * first successors ends in a cycle; the main ring is the cycle the most members' walks end in (ties
 * go to the cycle with the lowest ID). A walk that reaches a member whose successor is not known
 * (a node of the reference system, one that did not answer) cannot be judged and counts as in the
 * main ring.
 */
final class RingViews {

  private RingViews() {
  }

  /**
   * The members whose walk does not end in the main ring, in ID order; empty when there is one
   * ring (or none can be told apart).
   *
   * @param successorOf each member's first successor, for the members whose successor is known
   */
  static Set<Integer> outsideMainRing(Map<Integer, Integer> successorOf) {
    Map<Integer, Integer> cycleOf = new HashMap<>();
    Map<Integer, Integer> walkers = new HashMap<>();
    for (int start : successorOf.keySet()) {
      int cycle = cycleReachedFrom(start, successorOf);
      cycleOf.put(start, cycle);
      walkers.merge(cycle, 1, Integer::sum);
    }
    int main = -1;
    int most = 0;
    for (int cycle : new TreeSet<>(walkers.keySet())) {
      if (cycle >= 0 && walkers.get(cycle) > most) {
        main = cycle;
        most = walkers.get(cycle);
      }
    }
    Set<Integer> outside = new TreeSet<>();
    for (Map.Entry<Integer, Integer> e : cycleOf.entrySet()) {
      if (e.getValue() >= 0 && e.getValue() != main) {
        outside.add(e.getKey());
      }
    }
    return outside;
  }

  /** The lowest ID of the cycle the walk from {@code start} ends in, or -1 when it leaves the known members. */
  private static int cycleReachedFrom(int start, Map<Integer, Integer> successorOf) {
    List<Integer> walk = new ArrayList<>();
    Set<Integer> seen = new HashSet<>();
    Integer at = start;
    while (at != null && seen.add(at)) {
      walk.add(at);
      at = successorOf.get(at);
    }
    if (at == null) {
      return -1;
    }
    int lowest = at;
    for (int i = walk.indexOf(at); i < walk.size(); i++) {
      lowest = Math.min(lowest, walk.get(i));
    }
    return lowest;
  }
}
