package org.dhtfl.chord;

import java.util.List;
import org.dhtfl.ring.NodeRef;

/**
 * One node's answer during an iterative lookup for a key: its successor list, and the nodes it
 * knows that lie strictly between itself and the key, closest to the key first.
 */
public record RouteStep(NodeRef self, List<NodeRef> successors, List<NodeRef> preceding) {

  public RouteStep {
    successors = List.copyOf(successors);
    preceding = List.copyOf(preceding);
  }
}
