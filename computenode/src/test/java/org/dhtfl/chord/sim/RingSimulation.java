package org.dhtfl.chord.sim;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.JoinException;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;

/**
 * A seeded, deterministic ring of production {@link ChordNode}s over an {@link InMemoryNetwork}.
 * Every random choice comes from one seeded source, so a seed and a step number replay a run.
 */
public final class RingSimulation {

  /** Counts of a batch of lookups, each checked against the ideal ring of the live nodes. */
  public record LookupStats(int lookups, int failed, int wrong, long hops) {
    public double meanHops() {
      return lookups == failed ? 0 : (double) hops / (lookups - failed);
    }

    LookupStats plus(LookupStats o) {
      return new LookupStats(lookups + o.lookups, failed + o.failed, wrong + o.wrong, hops + o.hops);
    }
  }

  private static final LookupStats NO_LOOKUPS = new LookupStats(0, 0, 0, 0);

  private final IdSpace space;
  private final int successorListLength;
  private final Random random;
  private final InMemoryNetwork network;
  private final TreeMap<Integer, ChordNode> live = new TreeMap<>();
  private String lastFailure;
  // While split: the IDs of one side.
  private Set<Integer> side;

  public RingSimulation(int bits, int successorListLength, long seed) {
    this.space = new IdSpace(bits);
    this.successorListLength = successorListLength;
    this.random = new Random(seed);
    this.network = new InMemoryNetwork(seed ^ 0x5DEECE66DL);
  }

  public IdSpace space() {
    return space;
  }

  public int size() {
    return live.size();
  }

  public List<ChordNode> liveNodes() {
    return List.copyOf(live.values());
  }

  public InMemoryNetwork network() {
    return network;
  }

  /** The last lookup or join failure, described; null when there was none. */
  public String lastFailure() {
    return lastFailure;
  }

  /** Adds a node with a fresh random ID, joining through a random live node. */
  public ChordNode addNode() throws JoinException {
    if (live.size() >= space.size()) {
      throw new IllegalStateException("all " + space.size() + " identifiers are taken");
    }
    int id;
    do {
      id = (int) (random.nextLong() & (space.size() - 1));
    } while (live.containsKey(id) || network.isUp(id));
    return addNode(id);
  }

  /** Adds the node with this ID, joining through a random live node (or creating the ring). */
  public ChordNode addNode(int id) throws JoinException {
    NodeRef ref = new NodeRef(id, "sim-" + id, 1);
    ChordNode node = new ChordNode(ref, space, successorListLength, network.from(ref), state -> { });
    network.add(node);
    if (live.isEmpty()) {
      node.create();
    } else {
      try {
        node.join(randomLive().self());
      } catch (JoinException e) {
        network.remove(id);
        lastFailure = "join of " + id + ": " + e.getMessage();
        throw e;
      }
    }
    live.put(id, node);
    return node;
  }

  public void crash(int id) {
    live.remove(id);
    network.crash(id);
  }

  public void leave(int id) {
    ChordNode node = live.remove(id);
    if (node != null) {
      node.leave();
      network.remove(id);
    }
  }

  /** Crashes {@code fraction} of the live nodes at once, chosen at random. */
  public List<Integer> crashFraction(double fraction) {
    List<Integer> ids = new ArrayList<>(live.keySet());
    Collections.shuffle(ids, random);
    List<Integer> victims = new ArrayList<>(ids.subList(0, (int) Math.round(ids.size() * fraction)));
    victims.forEach(this::crash);
    return victims;
  }

  public ChordNode randomLive() {
    List<Integer> ids = new ArrayList<>(live.keySet());
    return live.get(ids.get(random.nextInt(ids.size())));
  }

  /** One stabilization round: every live node, in random order, runs all its maintenance. */
  public void round() {
    List<ChordNode> order = new ArrayList<>(live.values());
    Collections.shuffle(order, random);
    order.forEach(ChordNode::maintain);
  }

  /**
   * One round with ring unification: as {@link #round()}, and then every live node, in random
   * order, checks one member of the supernode's list (every live node) for another ring.
   */
  public void roundWithUnification() {
    round();
    List<NodeRef> members = live.values().stream().map(ChordNode::self).toList();
    List<ChordNode> order = new ArrayList<>(live.values());
    Collections.shuffle(order, random);
    order.forEach(node -> node.unify(members));
  }

  /** Rounds until the ring is ideal; returns how many it took, or -1 after {@code max} rounds. */
  public int roundsUntilIdeal(int max) {
    return roundsUntil(max, this::round, this::firstDifference);
  }

  /** As {@link #roundsUntilIdeal(int)}, each round with ring unification. */
  public int roundsUntilIdealWithUnification(int max) {
    return roundsUntil(max, this::roundWithUnification, this::firstDifference);
  }

  /** While split: rounds until each side is an ideal ring of its own nodes, or -1 after {@code max}. */
  public int roundsUntilEachSideIdeal(int max) {
    return roundsUntil(max, this::round, this::firstDifferenceOfSides);
  }

  private static int roundsUntil(int max, Runnable round, Supplier<Optional<String>> difference) {
    for (int rounds = 0; rounds <= max; rounds++) {
      if (difference.get().isEmpty()) {
        return rounds;
      }
      if (rounds < max) {
        round.run();
      }
    }
    return -1;
  }

  /**
   * Splits the live nodes in two at random, {@code fraction} of them on one side, that reach each
   * other no more until {@link #heal()}; returns that side's IDs.
   */
  public Set<Integer> split(double fraction) {
    if (fraction <= 0 || fraction >= 1) {
      throw new IllegalArgumentException("partition fraction " + fraction + " out of range (0, 1)");
    }
    List<Integer> ids = new ArrayList<>(live.keySet());
    Collections.shuffle(ids, random);
    Set<Integer> side = new TreeSet<>(ids.subList(0, (int) Math.round(ids.size() * fraction)));
    if (side.isEmpty() || side.size() == ids.size()) {
      throw new IllegalArgumentException("partition fraction " + fraction + " of " + ids.size()
          + " nodes leaves a side empty");
    }
    return split(side);
  }

  /** Splits off the nodes {@code side} from the others, until {@link #heal()}; returns them. */
  public Set<Integer> split(Set<Integer> side) {
    network.split(side);
    this.side = new TreeSet<>(side);
    return this.side;
  }

  /** Ends the split: every node reaches every other again. */
  public void heal() {
    network.unsplit();
    side = null;
  }

  /** Empty when every live node's successor list, predecessor and fingers are ideal, else the first wrong pointer. */
  public Optional<String> firstDifference() {
    return firstDifference(live.keySet());
  }

  /** As {@link #firstDifference()}, each side of a split measured against the ideal ring of its own nodes. */
  public Optional<String> firstDifferenceOfSides() {
    if (side == null) {
      return firstDifference();
    }
    Set<Integer> other = new TreeSet<>(live.keySet());
    other.removeAll(side);
    return firstDifference(side).or(() -> firstDifference(other));
  }

  private Optional<String> firstDifference(Set<Integer> ids) {
    IdealRing ideal = new IdealRing(space, ids);
    return ids.stream().map(live::get).map(node -> ideal.firstDifference(node.state(), successorListLength))
        .flatMap(Optional::stream).findFirst();
  }

  /** Lookups of random keys from random live nodes, each checked against the ideal owner. */
  public LookupStats lookups(int count) {
    LookupStats stats = NO_LOOKUPS;
    for (int i = 0; i < count; i++) {
      stats = stats.plus(lookupOnce());
    }
    return stats;
  }

  private LookupStats lookupOnce() {
    ChordNode from = randomLive();
    int key = (int) (random.nextLong() & (space.size() - 1));
    int expected = new IdealRing(space, live.keySet()).successorOf(key);
    try {
      Lookup lookup = from.lookup(key);
      boolean right = lookup.owner().id() == expected;
      if (!right) {
        lastFailure = "lookup of " + key + " from " + from.self().id() + " answered " + lookup.owner().id()
            + ", owner is " + expected + " (path " + lookup.pathText() + ")";
      }
      return new LookupStats(1, 0, right ? 0 : 1, lookup.hops());
    } catch (LookupFailedException e) {
      lastFailure = "lookup from " + from.self().id() + ": " + e.getMessage();
      return new LookupStats(1, 1, 0, 0);
    }
  }

  /**
   * Churn: each step is a join, a graceful leave, a crash or a lookup, while a few random nodes
   * stabilize and fewer fix their fingers, as their timers would fire in a running ring. The ring
   * never drops below r + 2 members (Zave: r + 1 are needed to survive r failures).
   */
  public LookupStats churn(int steps, StepListener listener) {
    LookupStats stats = NO_LOOKUPS;
    int stabilizersPerStep = Math.max(1, live.size() / 50);
    int fixersPerStep = Math.max(1, live.size() / 200);
    int floor = successorListLength + 2;
    for (int step = 1; step <= steps; step++) {
      double event = random.nextDouble();
      String what;
      if (event < 0.2) {
        try {
          what = "join " + addNode().self().id();
        } catch (JoinException e) {
          what = "join failed: " + e.getMessage();
        }
      } else if (event < 0.3 && live.size() > floor) {
        int id = randomLive().self().id();
        leave(id);
        what = "leave " + id;
      } else if (event < 0.4 && live.size() > floor) {
        int id = randomLive().self().id();
        crash(id);
        what = "crash " + id;
      } else {
        LookupStats one = lookupOnce();
        stats = stats.plus(one);
        what = one.failed() > 0 ? "lookup FAILED: " + lastFailure
            : one.wrong() > 0 ? "lookup wrong: " + lastFailure : "lookup";
      }
      for (int i = 0; i < stabilizersPerStep; i++) {
        ChordNode node = randomLive();
        node.checkPredecessor();
        node.stabilize();
      }
      for (int i = 0; i < fixersPerStep; i++) {
        randomLive().fixFingers();
      }
      listener.step(step, what);
    }
    return stats;
  }

  /** Hears each churn step, for tracing and replay. */
  @FunctionalInterface
  public interface StepListener {
    void step(int step, String what);
  }
}
