package org.dhtfl.chord;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import org.dhtfl.ring.NodeRef;

/**
 * A connector whose peers pass on only the nodes that count as members: the pointers a node pulls
 * from others (a successor's predecessor and successor list, a lookup step's successors and
 * closer nodes, a remote lookup's owner) name only nodes the predicate admits, so a member cannot
 * steer another node to one the supernode does not list at that address. The node that answers
 * is the one asked, so it stays. Pushed pointers (notify, update_finger, leaving) are checked
 * where they arrive.
 */
public final class AdmittedPeers implements PeerConnector {

  private final PeerConnector network;
  private final Predicate<NodeRef> admitted;

  /** @param admitted whether a node counts as a member at its address */
  public AdmittedPeers(PeerConnector network, Predicate<NodeRef> admitted) {
    this.network = Objects.requireNonNull(network, "network");
    this.admitted = Objects.requireNonNull(admitted, "admitted");
  }

  @Override
  public Peer peer(NodeRef ref) {
    Peer peer = network.peer(ref);
    return new Peer() {
      @Override
      public NodeRef ref() {
        return peer.ref();
      }

      @Override
      public NodeRef ping() throws PeerException {
        return peer.ping();
      }

      @Override
      public RouteStep routeStep(int key) throws PeerException {
        RouteStep step = peer.routeStep(key);
        return new RouteStep(step.self(), members(step.successors()), members(step.preceding()));
      }

      @Override
      public Lookup lookup(int key) throws PeerException, LookupFailedException {
        Lookup lookup = peer.lookup(key);
        if (!admitted.test(lookup.owner()) || !admitted.test(lookup.lastHop())) {
          throw new PeerException("lookup of " + key + " on " + ref + " named " + lookup.owner() + " and "
              + lookup.lastHop() + ", not both members");
        }
        return lookup;
      }

      @Override
      public Neighbours neighbours() throws PeerException {
        Neighbours neighbours = peer.neighbours();
        Optional<NodeRef> predecessor = neighbours.predecessor().filter(admitted);
        return new Neighbours(neighbours.self(), predecessor, members(neighbours.successors()));
      }

      @Override
      public void notify(NodeRef candidate) throws PeerException {
        peer.notify(candidate);
      }

      @Override
      public void updateFinger(NodeRef node, int index) throws PeerException {
        peer.updateFinger(node, index);
      }

      @Override
      public void leaving(NodeRef leaver, Optional<NodeRef> predecessor, List<NodeRef> successors)
          throws PeerException {
        peer.leaving(leaver, predecessor, successors);
      }
    };
  }

  private List<NodeRef> members(List<NodeRef> nodes) {
    return nodes.stream().filter(admitted).toList();
  }
}
