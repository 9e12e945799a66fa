package org.dhtfl.chord;

import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;

/** A node with its predecessor (when known) and its successor list, nearest first. */
public record Neighbours(NodeRef self, Optional<NodeRef> predecessor, List<NodeRef> successors) {

  public Neighbours {
    successors = List.copyOf(successors);
  }
}
