package org.dhtfl.ring;

import java.util.List;
import java.util.Optional;

/** A snapshot of everything one node knows about the ring; fingers.get(i) = successor(id + 2^i). */
public record RingState(
    NodeRef self, Optional<NodeRef> predecessor, List<NodeRef> successors, List<NodeRef> fingers, int bits) {

  public RingState {
    successors = List.copyOf(successors);
    fingers = List.copyOf(fingers);
  }

  /** The first successor, or the node itself when it is alone. */
  public NodeRef successor() {
    return successors.isEmpty() ? self : successors.get(0);
  }
}
