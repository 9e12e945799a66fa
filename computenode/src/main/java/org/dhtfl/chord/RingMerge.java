package org.dhtfl.chord;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;

/**
 * Ring unification: joins the rings a partition left behind. Plain Chord cannot do it, since each
 * ring's stabilization only ever looks at its own members; here the node is given the members the
 * supernode lists, and checks one of them per call, in turn around the ring. A listed member that
 * is not among the node's own neighbours is asked to look up the node's ID: when its answer is the
 * node itself, both are in one ring; otherwise the answer is the node's successor in the member's
 * ring. The node takes that owner as its successor when it lies closer than its own, and tells the
 * owner that it may be its predecessor, so stabilization goes on joining the two rings from both
 * ends. reports/design.md ("Partitions") says why this rule, and what it costs.
 */
public final class RingMerge {

  /** What one check found. */
  public enum Outcome {
    /** Every listed member is the node itself or one of its neighbours. */
    NOTHING_TO_CHECK,
    /** The member's ring routes the node's ID to the node: one ring. */
    SAME_RING,
    /** The member did not answer, or its lookup failed. */
    NO_ANSWER,
    /** The member's ring routes the node's ID elsewhere, and the node reached out to that owner. */
    OTHER_RING
  }

  private final ChordNode chord;
  private final PeerConnector network;
  // Guarded by this: the ID of the member checked last; the next check takes the member after it.
  private int lastChecked;

  RingMerge(ChordNode chord, PeerConnector network) {
    this.chord = chord;
    this.network = network;
    this.lastChecked = chord.self().id();
  }

  Outcome checkNext(Collection<NodeRef> members) {
    Optional<NodeRef> next = nextToCheck(members);
    if (next.isEmpty()) {
      return Outcome.NOTHING_TO_CHECK;
    }
    NodeRef self = chord.self();
    NodeRef owner;
    try {
      owner = network.peer(next.get()).lookup(self.id()).owner();
    } catch (PeerException | LookupFailedException e) {
      return Outcome.NO_ANSWER;
    }
    if (owner.sameAs(self)) {
      return Outcome.SAME_RING;
    }
    // Only a listed member is ever adopted: an answer cannot bring in a node the supernode did not admit.
    if (members.stream().noneMatch(owner::sameAs)) {
      return Outcome.NO_ANSWER;
    }
    chord.adoptSuccessor(owner);
    try {
      network.peer(owner).notify(self);
    } catch (PeerException e) {
      // The owner's own checks, or the next one here, try again.
    }
    return Outcome.OTHER_RING;
  }

  /** The first listed member clockwise after the one checked last that is not this node or a neighbour. */
  private Optional<NodeRef> nextToCheck(Collection<NodeRef> members) {
    RingState state = chord.state();
    List<NodeRef> local = new ArrayList<>(state.successors());
    state.predecessor().ifPresent(local::add);
    local.add(state.self());
    IdSpace space = chord.space();
    synchronized (this) {
      int after = lastChecked;
      Optional<NodeRef> next = members.stream()
          .filter(m -> local.stream().noneMatch(m::sameAs))
          .min(Comparator.comparingLong((NodeRef m) -> space.distance(space.reduce(after + 1L), m.id())));
      next.ifPresent(m -> lastChecked = m.id());
      return next;
    }
  }
}
