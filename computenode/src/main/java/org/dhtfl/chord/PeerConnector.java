package org.dhtfl.chord;

import org.dhtfl.ring.NodeRef;
/** Gives the protocol a handle on another node. Connecting is lazy: failures surface on calls. */
@FunctionalInterface
public interface PeerConnector {

  Peer peer(NodeRef ref);
}
