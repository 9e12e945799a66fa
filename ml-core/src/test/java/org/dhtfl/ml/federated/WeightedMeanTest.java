package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightedMeanTest {

  @Test
  void eachDeltaCountsByItsRows() {
    List<ClientResult> results = List.of(
        Vectors.result("a", 100, 1, 1, 2, -4),
        Vectors.result("b", 300, 3, -1, -2, 4));

    // (100 * 1 + 300 * 3) / 400 = 2.5, (100 - 300) / 400 = -0.5, (200 - 600) / 400 = -1, (-400 + 1200) / 400 = 2
    assertThat(DeltaAggregator.weightedMean().combine(Vectors.SHAPE, results)).isEqualTo(Vectors.of(2.5, -0.5, -1, 2));
  }
}
