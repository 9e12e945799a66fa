package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TrimmedMeanTest {

  private final List<ClientResult> five = List.of(
      Vectors.result("a", 1, 1, -50, 7, 5),
      Vectors.result("b", 1, 2, 0, 7, 5),
      Vectors.result("c", 500, 3, 1, 7, 5),
      Vectors.result("d", 1, 4, 2, 7, 5),
      Vectors.result("e", 1, 100, 3, 7, -5));

  @Test
  void aFifthOfFiveDropsTheHighestAndTheLowestValueOfEachCoordinate() {
    // sorted: (1 2 3 4 100) -> mean(2 3 4); (-50 0 1 2 3) -> mean(0 1 2); all 7; (-5 5 5 5 5) -> mean(5 5 5)
    assertThat(DeltaAggregator.trimmedMean(0.2).combine(Vectors.SHAPE, five)).isEqualTo(Vectors.of(3, 1, 7, 5));
  }

  @Test
  void aTrimBelowOneResultPerEndDropsNothingAndCountsEachResultOnce() {
    // floor(0.19 * 5) = 0: the plain mean, rows ignored: 110 / 5, -44 / 5, 7, 15 / 5
    assertThat(DeltaAggregator.trimmedMean(0.19).combine(Vectors.SHAPE, five))
        .isEqualTo(Vectors.of(22, -8.8, 7, 3));
  }

  @Test
  void aTrimOfHalfOrMoreIsRefused() {
    assertThatThrownBy(() -> DeltaAggregator.trimmedMean(0.5))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("trim 0.5 must be in [0, 0.5)");
  }
}
