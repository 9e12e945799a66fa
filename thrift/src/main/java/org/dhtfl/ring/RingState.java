package org.dhtfl.ring;

import java.util.List;
import java.util.Optional;

/**
 * A snapshot of everything one node knows about the ring; fingers.get(i) = successor(id + 2^i).
 * {@code positions}: every position of the process the node is one of (--virtual), itself included,
 * the one on the process's own port first; empty when the process holds one position.
 */
public record RingState(
    NodeRef self, Optional<NodeRef> predecessor, List<NodeRef> successors, List<NodeRef> fingers, int bits,
    List<NodeRef> positions) {

  public RingState {
    successors = List.copyOf(successors);
    fingers = List.copyOf(fingers);
    positions = List.copyOf(positions);
  }

  /** A node whose process holds one position. */
  public RingState(
      NodeRef self, Optional<NodeRef> predecessor, List<NodeRef> successors, List<NodeRef> fingers, int bits) {
    this(self, predecessor, successors, fingers, bits, List.of());
  }

  /** The same state, saying which positions its process holds. */
  public RingState withPositions(List<NodeRef> processPositions) {
    return new RingState(self, predecessor, successors, fingers, bits, processPositions);
  }

  /** The first successor, or the node itself when it is alone. */
  public NodeRef successor() {
    return successors.isEmpty() ? self : successors.get(0);
  }

  /** The process's first position, which stands for the physical node: the node itself when it holds one. */
  public NodeRef physical() {
    return positions.isEmpty() ? self : positions.get(0);
  }
}
