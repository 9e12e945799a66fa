package org.dhtfl.chord;

import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;

/** Asks other nodes whether they are alive, and still the node their reference names. */
final class Liveness {

  private final NodeRef self;
  private final PeerConnector network;

  Liveness(NodeRef self, PeerConnector network) {
    this.self = self;
    this.network = network;
  }

  /** True when the node answers a ping as itself (this node always is). */
  boolean isAlive(NodeRef node) {
    if (node.sameAs(self)) {
      return true;
    }
    try {
      return network.peer(node).ping().sameAs(node);
    } catch (PeerException e) {
      return false;
    }
  }

  /** The first of the candidates that is alive, if any is. */
  Optional<NodeRef> firstLive(List<NodeRef> candidates) {
    return candidates.stream().filter(this::isAlive).findFirst();
  }
}
