package org.dhtfl.chord.sim;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.ring.IdealRing;

/**
 * How evenly a ring's keys fall on its physical nodes, when each physical node holds several
 * positions (virtual nodes, Chord paper section 6.1): random keys are looked up from random
 * positions with the production routing, and each key counts for the physical node of the position
 * that owns it. Figures are over the mean load, keys / physical nodes.
 *
 * @param keysPerNode  keys owned per physical node, indexed by physical node
 * @param failed       lookups that failed
 * @param wrong        lookups that answered another owner than the ideal ring's
 */
public record KeyLoad(int[] keysPerNode, int failed, int wrong) {

  public KeyLoad {
    keysPerNode = keysPerNode.clone();
  }

  /**
   * Looks up {@code keys} random keys on the simulated ring.
   *
   * @param physicalOf the physical node (0 .. physicalNodes - 1) of every position's ID
   */
  public static KeyLoad measure(RingSimulation sim, Map<Integer, Integer> physicalOf, int physicalNodes, int keys,
      Random random) {
    List<ChordNode> positions = sim.liveNodes();
    IdealRing ideal = new IdealRing(sim.space(), physicalOf.keySet());
    int[] load = new int[physicalNodes];
    int failed = 0;
    int wrong = 0;
    for (int i = 0; i < keys; i++) {
      int key = (int) (random.nextLong() & (sim.space().size() - 1));
      ChordNode from = positions.get(random.nextInt(positions.size()));
      try {
        int owner = from.lookup(key).owner().id();
        if (owner != ideal.successorOf(key)) {
          wrong++;
        }
        load[physicalOf.get(owner)]++;
      } catch (LookupFailedException e) {
        failed++;
      }
    }
    return new KeyLoad(load, failed, wrong);
  }

  public int keys() {
    return Arrays.stream(keysPerNode).sum();
  }

  public double mean() {
    return (double) keys() / keysPerNode.length;
  }

  /** The most keys on one physical node, over the mean. */
  public double maxOverMean() {
    return Arrays.stream(keysPerNode).max().orElse(0) / mean();
  }

  /** The 99th percentile (nearest rank) of the keys per physical node, over the mean. */
  public double p99OverMean() {
    int[] sorted = keysPerNode.clone();
    Arrays.sort(sorted);
    int rank = (int) Math.ceil(0.99 * sorted.length);
    return sorted[Math.max(0, rank - 1)] / mean();
  }
}
