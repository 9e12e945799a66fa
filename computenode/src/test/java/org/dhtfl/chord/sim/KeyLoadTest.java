package org.dhtfl.chord.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.dhtfl.chord.JoinException;
import org.junit.jupiter.api.Test;

class KeyLoadTest {

  @Test
  void theFiguresAreOverTheMeanLoad() {
    // 100 nodes: 99 with 10 keys, one with 1,000; the mean is 19.9.
    int[] load = IntStream.range(0, 100).map(i -> i == 42 ? 1000 : 10).toArray();

    KeyLoad keys = new KeyLoad(load, 0, 0);

    assertThat(keys.keys()).isEqualTo(1990);
    assertThat(keys.mean()).isCloseTo(19.9, within(1e-9));
    assertThat(keys.maxOverMean()).isCloseTo(1000 / 19.9, within(1e-9));
    // The 99th of 100 sorted values is the largest of the 99 light nodes.
    assertThat(keys.p99OverMean()).isCloseTo(10 / 19.9, within(1e-9));
  }

  @Test
  void everyKeyCountsForThePhysicalNodeOfItsOwner() throws JoinException {
    RingSimulation sim = new RingSimulation(16, 4, 7);
    Map<Integer, Integer> physicalOf = new HashMap<>();
    for (int position = 0; position < 40; position++) {
      physicalOf.put(sim.addNode().self().id(), position / 4);
    }
    sim.roundsUntilIdeal(50);

    KeyLoad load = KeyLoad.measure(sim, physicalOf, 10, 5_000, new Random(1));

    assertThat(load.keys()).isEqualTo(5_000);
    assertThat(load.failed()).isZero();
    assertThat(load.wrong()).isZero();
    assertThat(load.keysPerNode()).hasSize(10);
    assertThat(IntStream.of(load.keysPerNode()).min().getAsInt()).isPositive();
  }

  @Test
  void positionsSpreadTheKeysMoreEvenly() throws JoinException {
    assertThat(p99(10)).isLessThan(p99(1));
  }

  /** The 99th percentile load over the mean on 200 physical nodes of {@code virtual} positions each. */
  private static double p99(int virtual) throws JoinException {
    RingSimulation sim = new RingSimulation(20, 4, 3);
    Map<Integer, Integer> physicalOf = new HashMap<>();
    for (int position = 0; position < 200 * virtual; position++) {
      physicalOf.put(sim.addNode().self().id(), position / virtual);
    }
    sim.roundsUntilIdeal(100);
    return KeyLoad.measure(sim, physicalOf, 200, 20_000, new Random(3)).p99OverMean();
  }
}
