package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class KrumTest {

  /**
   * Five results, f = 1, so each is scored by its 5 - 1 - 2 = 2 nearest others. They differ in the
   * first coordinate (0, 1, 2, 4) but for the outlier: squared distances a-b 1, a-c 4, a-d 16, b-c 1,
   * b-d 9, c-d 4, so the scores are a 1 + 4 = 5, b 1 + 1 = 2, c 1 + 4 = 5, d 4 + 9 = 13, e huge.
   */
  private final List<ClientResult> five = List.of(
      Vectors.result("a", 1, 0, 1, 1, 1),
      Vectors.result("b", 1, 1, 1, 1, 1),
      Vectors.result("c", 1, 2, 1, 1, 1),
      Vectors.result("d", 100, 4, 1, 1, 1),
      Vectors.result("e", 1, 100, -100, 100, -100));

  @Test
  void krumTakesTheResultOfTheLowestScore() {
    assertThat(Krum.scores(new double[][] {{0}, {1}, {2}, {4}}, 2)).containsExactly(5, 2, 5, 13);
    assertThat(DeltaAggregator.krum(1).combine(Vectors.SHAPE, five)).isEqualTo(Vectors.of(1, 1, 1, 1));
  }

  @Test
  void multiKrumAveragesTheNMinusFBestScoredResultsWithoutRows() {
    // b, a, c, d: (1 + 0 + 2 + 4) / 4
    assertThat(DeltaAggregator.multiKrum(1).combine(Vectors.SHAPE, five)).isEqualTo(Vectors.of(1.75, 1, 1, 1));
  }

  @Test
  void fewerThanTwoFPlusThreeResultsAreRefused() {
    assertThatThrownBy(() -> DeltaAggregator.krum(1).combine(Vectors.SHAPE, five.subList(0, 4)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("krum with 1 byzantine results needs at least 5 results (2f + 3), the round has 4");
  }
}
