package org.dhtfl.chord;

import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;

/**
 * Another ring member as the protocol sees it. Thrift is one implementation; an in-memory network
 * that can crash nodes and cut links is another. Every call either answers or fails with
 * {@link PeerException}, within a bounded time.
 */
public interface Peer {

  NodeRef ref();

  /** Proves the node is alive and is still the node {@link #ref()} names. */
  NodeRef ping() throws PeerException;

  RouteStep routeStep(int key) throws PeerException;

  /** Asks the peer to run a whole lookup for the key. */
  Lookup lookup(int key) throws PeerException, LookupFailedException;

  Neighbours neighbours() throws PeerException;

  /** Chord's notify: the caller believes it may be the peer's predecessor. */
  void notify(NodeRef candidate) throws PeerException;

  /** A node that just joined offers itself as the peer's finger {@code index}. */
  void updateFinger(NodeRef node, int index) throws PeerException;

  /** The leaver is leaving; it hands over its predecessor and its successor list. */
  void leaving(NodeRef leaver, Optional<NodeRef> predecessor, List<NodeRef> successors) throws PeerException;
}
