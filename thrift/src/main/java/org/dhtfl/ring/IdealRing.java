package org.dhtfl.ring;

import java.util.Arrays;
import java.util.Collection;
import java.util.Optional;

/** What every pointer should be, computed from the sorted IDs of the live nodes alone. */
public final class IdealRing {

  private final IdSpace space;
  private final int[] ids;

  public IdealRing(IdSpace space, Collection<Integer> liveIds) {
    this.space = space;
    this.ids = liveIds.stream().mapToInt(Integer::intValue).sorted().distinct().toArray();
    if (ids.length == 0) {
      throw new IllegalArgumentException("a ring needs at least one live node");
    }
  }

  /** The first live ID at or after {@code key}, clockwise. */
  public int successorOf(int key) {
    int at = Arrays.binarySearch(ids, key);
    if (at >= 0) {
      return ids[at];
    }
    int insertion = -at - 1;
    return ids[insertion == ids.length ? 0 : insertion];
  }

  /** The live ID just before node {@code id}, clockwise (the node itself when alone). */
  public int predecessorOf(int id) {
    int at = Arrays.binarySearch(ids, id);
    int index = at >= 0 ? at : -at - 1;
    return ids[(index - 1 + ids.length) % ids.length];
  }

  /** The node just after {@code id} (itself when alone). */
  public int nextOf(int id) {
    return successorOf(space.reduce(id + 1L));
  }

  public int size() {
    return ids.length;
  }

  /**
   * Empty when the state is ideal, else the first wrong pointer, described: the successor list holds
   * the next min(r, N - 1) nodes, the predecessor is the previous node, finger i is the successor of
   * id + 2^i.
   */
  public Optional<String> firstDifference(RingState state, int successorListLength) {
    int id = state.self().id();
    int succ = nextOf(id);
    if (state.successor().id() != succ) {
      return Optional.of("node " + id + ": successor " + state.successor().id() + ", expected " + succ);
    }
    int expectedLength = Math.min(successorListLength, ids.length - 1);
    int at = id;
    for (int i = 0; i < expectedLength; i++) {
      at = nextOf(at);
      if (state.successors().size() <= i || state.successors().get(i).id() != at) {
        return Optional.of("node " + id + ": successor list " + state.successors().stream().map(NodeRef::id).toList()
            + " differs at " + i + ", expected " + at);
      }
    }
    if (state.successors().size() != expectedLength) {
      return Optional.of("node " + id + ": successor list has " + state.successors().size() + " entries, expected "
          + expectedLength);
    }
    int pred = predecessorOf(id);
    Optional<NodeRef> p = state.predecessor();
    if (p.isEmpty() || p.get().id() != pred) {
      return Optional.of("node " + id + ": predecessor " + p.map(n -> String.valueOf(n.id())).orElse("none")
          + ", expected " + pred);
    }
    for (int i = 0; i < state.fingers().size(); i++) {
      int expected = successorOf(space.plusPowerOfTwo(id, i));
      if (state.fingers().get(i).id() != expected) {
        return Optional.of("node " + id + ": finger " + i + " is " + state.fingers().get(i).id() + ", expected " + expected);
      }
    }
    return Optional.empty();
  }
}
