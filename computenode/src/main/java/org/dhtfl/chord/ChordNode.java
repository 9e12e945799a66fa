package org.dhtfl.chord;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;

/**
 * One member of a Chord ring: its successor list, predecessor and finger table, and the protocol
 * that keeps them right (Stoica et al., ToN 2003, with Zave's corrections where they matter).
 *
 * <p>The class knows nothing of sockets or clocks. Other members are reached through a
 * {@link PeerConnector}; maintenance happens when {@link #stabilize()}, {@link #fixFingers()} and
 * {@link #checkPredecessor()} are called, by a scheduler in a running node and directly by tests
 * and the simulator. It is safe for concurrent use: state is guarded by this object's lock, and no
 * remote call is made while holding it.
 */
public final class ChordNode {

  /** Hears about every change of the node's view of the ring. */
  @FunctionalInterface
  public interface Listener {
    void ringChanged(RingState state);
  }

  /**
   * Hears what the protocol does, for whoever counts it (the node's metrics): each stabilization
   * round and each lookup. Called on the thread doing the work, without the node's lock; must
   * return quickly.
   */
  public interface Events {
    /** Hears nothing. */
    Events NONE = new Events() {
    };

    /** A stabilization round ended; {@code failed} when a successor it asked did not answer. */
    default void stabilized(boolean failed) {
    }

    /** A lookup found its key's owner after {@code hops} remote nodes. */
    default void lookedUp(int hops) {
    }

    /** A lookup found no owner. */
    default void lookupFailed() {
    }
  }

  private final NodeRef self;
  private final IdSpace space;
  private final int successorListLength;
  private final PeerConnector network;
  private final Listener listener;
  private final Events events;
  private final Liveness liveness;
  private final IterativeLookup lookups;
  private final RingMerge merge;

  // Guarded by this. successors never holds self; empty means the node is alone. fingers never
  // holds null: an unknown finger is the best live approximation (self or the successor).
  private NodeRef predecessor;
  private final List<NodeRef> successors = new ArrayList<>();
  private final NodeRef[] fingers;

  // Guarded by publishLock.
  private final Object publishLock = new Object();
  private RingState published;

  public ChordNode(NodeRef self, IdSpace space, int successorListLength, PeerConnector network, Listener listener) {
    this(self, space, successorListLength, network, listener, Events.NONE);
  }

  /** A node whose stabilization rounds and lookups {@code events} hears of. */
  public ChordNode(NodeRef self, IdSpace space, int successorListLength, PeerConnector network, Listener listener,
      Events events) {
    this.events = Objects.requireNonNull(events, "events");
    this.self = Objects.requireNonNull(self, "self");
    this.space = Objects.requireNonNull(space, "space");
    space.check(self.id(), "node id");
    if (successorListLength < 1) {
      throw new IllegalArgumentException("successor list length " + successorListLength + " must be at least 1");
    }
    this.successorListLength = successorListLength;
    this.network = Objects.requireNonNull(network, "network");
    this.listener = Objects.requireNonNull(listener, "listener");
    this.liveness = new Liveness(self, network);
    this.lookups = new IterativeLookup(this, network, liveness);
    this.merge = new RingMerge(this, network);
    this.fingers = new NodeRef[space.bits()];
    Arrays.fill(fingers, self);
    this.predecessor = self;
  }

  public NodeRef self() {
    return self;
  }

  public IdSpace space() {
    return space;
  }

  // ---------------------------------------------------------------- state

  public synchronized RingState state() {
    return new RingState(self, Optional.ofNullable(predecessor), successors, Arrays.asList(fingers), space.bits());
  }

  public synchronized NodeRef successor() {
    return successors.isEmpty() ? self : successors.get(0);
  }

  public synchronized Optional<NodeRef> predecessor() {
    return Optional.ofNullable(predecessor);
  }

  public synchronized Neighbours neighbours() {
    return new Neighbours(self, Optional.ofNullable(predecessor), successors);
  }

  /**
   * True when this node owns {@code key} as far as it knows: the key lies in (predecessor, self].
   * A node that does not know its predecessor claims every key that reached it.
   */
  public synchronized boolean isResponsible(int key) {
    space.check(key, "key");
    return predecessor == null || space.inOpenClosed(predecessor.id(), key, self.id());
  }

  // ---------------------------------------------------------------- lookup

  /** This node's own answer for one hop of a lookup. */
  public synchronized RouteStep routeStep(int key) {
    space.check(key, "key");
    Map<Integer, NodeRef> known = new LinkedHashMap<>();
    for (NodeRef finger : fingers) {
      known.putIfAbsent(finger.id(), finger);
    }
    for (NodeRef successor : successors) {
      known.putIfAbsent(successor.id(), successor);
    }
    List<NodeRef> preceding = new ArrayList<>();
    for (NodeRef node : known.values()) {
      if (node.id() != self.id() && space.inOpenOpen(self.id(), node.id(), key)) {
        preceding.add(node);
      }
    }
    preceding.sort(Comparator.comparingLong((NodeRef n) -> space.distance(self.id(), n.id())).reversed());
    return new RouteStep(self, successors, preceding);
  }

  /**
   * Finds the owner of {@code key} iteratively (see {@link IterativeLookup}): a dead node on the
   * way costs one failed call and is skipped; the owner is the first live successor.
   */
  public Lookup lookup(int key) throws LookupFailedException {
    space.check(key, "key");
    Lookup found;
    try {
      found = lookups.run(key);
    } catch (LookupFailedException e) {
      events.lookupFailed();
      throw e;
    }
    events.lookedUp(found.hops());
    return found;
  }

  private boolean isAlive(NodeRef node) {
    return liveness.isAlive(node);
  }

  // ---------------------------------------------------------------- joining

  /** Starts a new ring with this node alone in it. */
  public void create() {
    synchronized (this) {
      successors.clear();
      predecessor = self;
      Arrays.fill(fingers, self);
    }
    publishIfChanged();
  }

  /**
   * Joins the ring that {@code entry} belongs to: finds this node's successor through the entry,
   * takes the successor's list (Zave), builds the finger table through the successor, tells the
   * successor, and offers itself to the nodes whose fingers must now point to it (the 2001 paper's
   * update_others), so the ring is right at once instead of after the next stabilization rounds.
   */
  public void join(NodeRef entry) throws JoinException {
    NodeRef successor;
    Neighbours next;
    try {
      successor = network.peer(entry).lookup(self.id()).owner();
      if (successor.sameAs(self)) {
        // The ring still lists this address (a restart it has not noticed): skip over it.
        successor = network.peer(entry).lookup(space.reduce(self.id() + 1L)).owner();
        if (successor.sameAs(self)) {
          throw new JoinException("the ring still lists " + self + " as its only owner; retry once it notices");
        }
      } else if (successor.id() == self.id()) {
        throw new JoinException("id " + self.id() + " is taken by " + successor);
      }
      next = network.peer(successor).neighbours();
    } catch (PeerException | LookupFailedException e) {
      throw new JoinException("cannot find the successor of " + self.id() + " through " + entry + ": "
          + e.getMessage(), e);
    }
    NodeRef found = successor;
    Optional<NodeRef> pred = next.predecessor().filter(p -> !p.sameAs(self) && (p.sameAs(found) || isAlive(p)));
    synchronized (this) {
      setSuccessors(concat(successor, next.successors()));
      predecessor = pred.orElse(null);
    }
    Peer via = network.peer(successor);
    computeFingers(key -> via.lookup(key).owner());
    try {
      via.notify(self);
    } catch (PeerException e) {
      // The next stabilization round notifies the successor again.
    }
    updateOthers();
    publishIfChanged();
  }

  private void updateOthers() {
    for (int i = 0; i < space.bits(); i++) {
      int key = space.reduce((long) space.minusPowerOfTwo(self.id(), i) + 1);
      try {
        // Finger 0 is the successor pointer of our predecessor, which we already know.
        Optional<NodeRef> known = i == 0 ? predecessor() : Optional.empty();
        NodeRef last = known.isPresent() ? known.get() : lookup(key).lastHop();
        if (!last.sameAs(self)) {
          network.peer(last).updateFinger(self, i);
        }
      } catch (LookupFailedException | PeerException e) {
        // fix_fingers at that node repairs the finger later.
      }
    }
  }

  /**
   * Adopts {@code node} as finger {@code index} when it is closer to the finger's start than the
   * current one, and passes the offer on to the predecessor, whose finger may need it too.
   */
  public void updateFinger(NodeRef node, int index) {
    space.checkFingerIndex(index);
    space.check(node.id(), "node id");
    if (node.sameAs(self) || !isAlive(node)) {
      return;
    }
    NodeRef pass;
    synchronized (this) {
      int start = space.plusPowerOfTwo(self.id(), index);
      NodeRef current = fingers[index];
      if (space.distance(start, node.id()) >= space.distance(start, current.id()) || node.id() == current.id()) {
        return;
      }
      fingers[index] = node;
      if (index == 0) {
        setSuccessors(concat(node, successors));
      }
      pass = predecessor;
    }
    publishIfChanged();
    if (pass != null && !pass.sameAs(self) && !pass.sameAs(node)) {
      try {
        network.peer(pass).updateFinger(node, index);
      } catch (PeerException e) {
        // The predecessor's own fix_fingers repairs it.
      }
    }
  }

  // ---------------------------------------------------------------- maintenance

  /** One round of all periodic maintenance, in the paper's order. */
  public void maintain() {
    checkPredecessor();
    stabilize();
    fixFingers();
  }

  /**
   * Chord's stabilize with successor lists: find the first live successor, adopt its predecessor
   * when that lies between us and is alive, take its successor list, and notify it.
   */
  public void stabilize() {
    events.stabilized(!stabilizeRound());
  }

  /** One round of {@link #stabilize()}; false when a successor it asked did not answer. */
  private boolean stabilizeRound() {
    boolean answered = true;
    List<NodeRef> candidates;
    synchronized (this) {
      candidates = new ArrayList<>(successors);
    }
    NodeRef successor = null;
    Neighbours next = null;
    for (NodeRef candidate : candidates) {
      try {
        next = network.peer(candidate).neighbours();
        successor = candidate;
        break;
      } catch (PeerException e) {
        answered = false;
        forget(candidate);
      }
    }
    if (successor == null) {
      if (!candidates.isEmpty()) {
        // Every successor is down: find one through the fingers, or be alone.
        successor = recoverSuccessor().orElse(self);
      }
      if (successor == null || successor.sameAs(self)) {
        successor = self;
        next = neighbours();
      } else {
        try {
          next = network.peer(successor).neighbours();
        } catch (PeerException e) {
          return false;
        }
      }
    }
    int successorId = next.self().id();
    Optional<NodeRef> between = next.predecessor()
        .filter(x -> !x.sameAs(self) && space.inOpenOpen(self.id(), x.id(), successorId));
    if (between.isPresent()) {
      try {
        next = network.peer(between.get()).neighbours();
        successor = between.get();
      } catch (PeerException e) {
        // Never adopt a node that does not answer.
      }
    }
    if (successor.sameAs(self)) {
      synchronized (this) {
        setSuccessors(List.of());
        // Alone, as after create(): its own predecessor, until a node notifies it.
        if (predecessor == null) {
          predecessor = self;
        }
      }
      publishIfChanged();
      return answered;
    }
    synchronized (this) {
      setSuccessors(concat(successor, next.successors().isEmpty() ? after(successor) : next.successors()));
    }
    publishIfChanged();
    try {
      network.peer(successor).notify(self);
    } catch (PeerException e) {
      // Found dead on the next round.
      answered = false;
    }
    return answered;
  }

  /** The nearest live node among the fingers and the predecessor; stabilization walks back from it. */
  private Optional<NodeRef> recoverSuccessor() {
    List<NodeRef> known = new ArrayList<>();
    synchronized (this) {
      known.addAll(Arrays.asList(fingers));
      if (predecessor != null) {
        known.add(predecessor);
      }
    }
    known.removeIf(n -> n.sameAs(self));
    known.sort(Comparator.comparingLong(n -> space.distance(self.id(), n.id())));
    return liveness.firstLive(known);
  }

  /**
   * Chord's notify, in the form Zave calls rectify: adopt the candidate when we know no predecessor,
   * when it lies between the predecessor and us, or when the predecessor no longer answers. A
   * candidate that does not answer as itself is never adopted.
   */
  public void notify(NodeRef candidate) {
    space.check(candidate.id(), "node id");
    if (candidate.sameAs(self) || !isAlive(candidate)) {
      return;
    }
    NodeRef current;
    synchronized (this) {
      current = predecessor;
      if (current == null || current.sameAs(self) || space.inOpenOpen(current.id(), candidate.id(), self.id())) {
        predecessor = candidate;
        current = null;
      }
    }
    if (current != null && !current.sameAs(candidate) && !isAlive(current)) {
      synchronized (this) {
        if (predecessor != null && predecessor.sameAs(current)) {
          predecessor = candidate;
        }
      }
    }
    publishIfChanged();
  }

  /** Forgets the predecessor when it no longer answers. */
  public void checkPredecessor() {
    NodeRef current = predecessor().orElse(null);
    if (current != null && !current.sameAs(self) && !isAlive(current)) {
      synchronized (this) {
        if (predecessor != null && predecessor.sameAs(current)) {
          predecessor = null;
        }
      }
      publishIfChanged();
    }
  }

  /** Recomputes every finger through lookups, reusing a result while the next start is covered. */
  public void fixFingers() {
    computeFingers(key -> lookup(key).owner());
  }

  @FunctionalInterface
  private interface Resolver {
    NodeRef ownerOf(int key) throws PeerException, LookupFailedException;
  }

  private void computeFingers(Resolver resolver) {
    NodeRef successor = successor();
    NodeRef[] fresh;
    synchronized (this) {
      fresh = fingers.clone();
    }
    NodeRef previous = null;
    int previousStart = 0;
    for (int i = 0; i < fresh.length; i++) {
      int start = space.plusPowerOfTwo(self.id(), i);
      if (space.inOpenClosed(self.id(), start, successor.id())) {
        fresh[i] = successor;
      } else if (previous != null
          && space.distance(previousStart, start) <= space.distance(previousStart, previous.id())) {
        fresh[i] = previous;
      } else {
        try {
          fresh[i] = resolver.ownerOf(start);
        } catch (PeerException | LookupFailedException e) {
          // Keep what we had; the next round tries again.
        }
      }
      previous = fresh[i];
      previousStart = start;
    }
    synchronized (this) {
      System.arraycopy(fresh, 0, fingers, 0, fingers.length);
    }
    publishIfChanged();
  }

  // ---------------------------------------------------------------- ring unification

  /**
   * One check for another ring (see {@link RingMerge}): asks the next of {@code members} that is
   * not this node or a neighbour to look up this node's ID, and when the answer lies in another
   * ring reaches out to it. A node calls it on a slower tick than stabilization, with the members
   * the supernode lists; it adopts only listed nodes that answer, so it is safe at any time.
   */
  public RingMerge.Outcome unify(Collection<NodeRef> members) {
    return merge.checkNext(members);
  }

  /**
   * Takes {@code candidate} as successor when it lies strictly between this node and its successor
   * and answers as itself; the successor list goes on with what both knew beyond it, nearest first.
   * (Stabilization only ever adopts its successor's predecessor, which never leads into another ring.)
   */
  void adoptSuccessor(NodeRef candidate) {
    if (candidate.id() == self.id() || !space.inOpenOpen(self.id(), candidate.id(), successor().id())) {
      return;
    }
    Neighbours next;
    try {
      next = network.peer(candidate).neighbours();
    } catch (PeerException e) {
      return;
    }
    if (!next.self().sameAs(candidate)) {
      return;
    }
    synchronized (this) {
      if (!space.inOpenOpen(self.id(), candidate.id(), successor().id())) {
        return;
      }
      List<NodeRef> known = new ArrayList<>(successors);
      known.addAll(next.successors());
      long reach = space.distance(self.id(), candidate.id());
      known.removeIf(n -> n.id() == self.id() || space.distance(self.id(), n.id()) <= reach);
      known.sort(Comparator.comparingLong(n -> space.distance(self.id(), n.id())));
      setSuccessors(concat(candidate, known));
    }
    publishIfChanged();
  }

  // ---------------------------------------------------------------- leaving

  /**
   * Leaves the ring gracefully: the successor learns our predecessor and the predecessor learns
   * our successor list, so neither waits for a failure to be detected.
   */
  public void leave() {
    RingState state = state();
    for (NodeRef successor : state.successors()) {
      try {
        network.peer(successor).leaving(self, state.predecessor(), List.of());
        break;
      } catch (PeerException e) {
        // Try the next one.
      }
    }
    state.predecessor().filter(p -> !p.sameAs(self)).ifPresent(p -> {
      try {
        network.peer(p).leaving(self, Optional.empty(), state.successors());
      } catch (PeerException e) {
        // It finds out through stabilization.
      }
    });
  }

  /** A neighbour is leaving: drop every pointer to it, splicing in what it handed over. */
  public void leaving(NodeRef leaver, Optional<NodeRef> leaverPredecessor, List<NodeRef> leaverSuccessors) {
    if (leaver.sameAs(self)) {
      return;
    }
    synchronized (this) {
      if (predecessor != null && predecessor.sameAs(leaver)) {
        predecessor = leaverPredecessor.filter(p -> !p.sameAs(leaver)).orElse(null);
      }
      int at = indexOf(successors, leaver);
      if (at >= 0) {
        List<NodeRef> merged = new ArrayList<>(successors.subList(0, at));
        merged.addAll(leaverSuccessors);
        merged.addAll(successors.subList(at + 1, successors.size()));
        merged.removeIf(n -> n.sameAs(leaver));
        setSuccessors(merged);
      }
      replaceInFingers(leaver);
    }
    publishIfChanged();
  }

  // ---------------------------------------------------------------- helpers

  /** Drops a node found dead from the successor list and the fingers. */
  private void forget(NodeRef dead) {
    synchronized (this) {
      successors.removeIf(n -> n.sameAs(dead));
      replaceInFingers(dead);
      if (predecessor != null && predecessor.sameAs(dead)) {
        predecessor = null;
      }
    }
    publishIfChanged();
  }

  // Requires the lock.
  private void replaceInFingers(NodeRef gone) {
    NodeRef replacement = successors.isEmpty() ? self : successors.get(0);
    for (int i = 0; i < fingers.length; i++) {
      if (fingers[i].sameAs(gone)) {
        fingers[i] = replacement;
      }
    }
  }

  // Requires the lock. The new list is the candidates up to (not including) self, without
  // repeats, at most r long; finger 0 follows the first successor.
  private void setSuccessors(List<NodeRef> candidates) {
    successors.clear();
    for (NodeRef n : candidates) {
      if (successors.size() == successorListLength || n.id() == self.id()) {
        break;
      }
      if (indexOf(successors, n) < 0) {
        successors.add(n);
      }
    }
    fingers[0] = successors.isEmpty() ? self : successors.get(0);
  }

  // Requires the lock. The successors this node knows past {@code node}: what it keeps when its
  // successor names none (a successor that believes itself alone, or one that would leave this node
  // with a single successor), until the successor names its own again.
  private List<NodeRef> after(NodeRef node) {
    int at = indexOf(successors, node);
    return at < 0 ? List.of() : List.copyOf(successors.subList(at + 1, successors.size()));
  }

  private static List<NodeRef> concat(NodeRef first, List<NodeRef> rest) {
    List<NodeRef> list = new ArrayList<>(rest.size() + 1);
    list.add(first);
    list.addAll(rest);
    return list;
  }

  private static int indexOf(List<NodeRef> list, NodeRef node) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).sameAs(node)) {
        return i;
      }
    }
    return -1;
  }

  private void publishIfChanged() {
    synchronized (publishLock) {
      RingState now = state();
      if (!now.equals(published)) {
        published = now;
        listener.ringChanged(now);
      }
    }
  }

  @Override
  public String toString() {
    return "ChordNode(" + self + ")";
  }
}
