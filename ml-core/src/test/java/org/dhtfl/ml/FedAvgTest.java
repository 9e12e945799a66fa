package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FedAvgTest {
  /** V is 2 x 2 and W is 2 x 1. */
  private static final ModelShape SHAPE = ModelShape.mlp(1, 1, 2);
  private final FedAvg fedAvg = new FedAvg();

  private static Weights weights(double[][] v, double[][] w) {
    return Weights.fromRows(SHAPE, v, w);
  }

  @Test
  void theGlobalModelMovesByTheRowWeightedMeanOfTheDeltas() {
    // Arrange
    Weights global = weights(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {1}});
    ClientResult small = new ClientResult("a", weights(new double[][] {{1, 1}, {1, 1}}, new double[][] {{2}, {0}}), 100);
    ClientResult large = new ClientResult("b", weights(new double[][] {{3, 3}, {3, -1}}, new double[][] {{-2}, {4}}), 300);

    // Act
    Weights next = fedAvg.aggregate(global, List.of(small, large), List.of());

    // Assert: V: (100 * 1 + 300 * 3) / 400 = 2.5 and (100 * 1 + 300 * -1) / 400 = -0.5;
    // W: (100 * 2 + 300 * -2) / 400 = -1 and (100 * 0 + 300 * 4) / 400 = 3
    assertThat(next).isEqualTo(weights(new double[][] {{3.5, 4.5}, {5.5, 3.5}}, new double[][] {{0}, {4}}));
  }

  @Test
  void oneResultMovesTheGlobalModelByItsWholeDelta() {
    Weights global = weights(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {1}});
    Weights delta = weights(new double[][] {{0.5, 0}, {0, -1}}, new double[][] {{0}, {2}});

    Weights next = fedAvg.aggregate(global, List.of(new ClientResult("a", delta, 7)), List.of());

    assertThat(next).isEqualTo(global.plus(delta));
  }

  @Test
  void withoutResultsTheGlobalModelIsKept() {
    Weights global = weights(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {1}});

    Weights next = fedAvg.aggregate(global, List.of(), List.of(new ClientFailure("a", "gone")));

    assertThat(next).isEqualTo(global);
  }

  @Test
  void failuresDoNotChangeTheAverage() {
    Weights global = Weights.zeros(SHAPE);
    ClientResult result = new ClientResult("a", weights(new double[][] {{1, 1}, {1, 1}}, new double[][] {{1}, {1}}), 10);

    Weights withFailure = fedAvg.aggregate(global, List.of(result), List.of(new ClientFailure("b", "timeout")));
    Weights withoutFailure = fedAvg.aggregate(global, List.of(result), List.of());

    assertThat(withFailure).isEqualTo(withoutFailure);
  }

  @Test
  void aResultOfAnotherShapeIsRefusedNamingItsSource() {
    Weights global = Weights.zeros(SHAPE);
    ClientResult wrong = new ClientResult("node 51", Weights.zeros(ModelShape.mlp(1, 2, 2)), 10);

    assertThatThrownBy(() -> fedAvg.aggregate(global, List.of(wrong), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 51");
  }
}
