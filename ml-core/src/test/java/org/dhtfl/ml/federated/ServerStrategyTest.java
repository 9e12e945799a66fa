package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class ServerStrategyTest {
  /** V is 2 x 2 and W is 2 x 1. */
  private static final ModelShape SHAPE = ModelShape.mlp(1, 1, 2);
  private final ServerStrategy fedAvg = ServerStrategy.fedAvg();

  private static Weights weights(double[][] v, double[][] w) {
    return Weights.fromRows(SHAPE, v, w);
  }

  @Test
  void fedAvgMovesTheGlobalModelByTheRowWeightedMeanOfTheDeltas() {
    // Arrange
    Weights global = weights(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {1}});
    ClientResult small = new ClientResult("a", weights(new double[][] {{1, 1}, {1, 1}}, new double[][] {{2}, {0}}), 100);
    ClientResult large = new ClientResult("b", weights(new double[][] {{3, 3}, {3, -1}}, new double[][] {{-2}, {4}}), 300);

    // Act
    Aggregate next = fedAvg.aggregate(global, ServerState.EMPTY, List.of(small, large), List.of());

    // Assert: V: (100 * 1 + 300 * 3) / 400 = 2.5 and (100 * 1 + 300 * -1) / 400 = -0.5;
    // W: (100 * 2 + 300 * -2) / 400 = -1 and (100 * 0 + 300 * 4) / 400 = 3
    assertThat(next.model()).isEqualTo(weights(new double[][] {{3.5, 4.5}, {5.5, 3.5}}, new double[][] {{0}, {4}}));
    assertThat(next.state()).isEqualTo(ServerState.EMPTY);
  }

  @Test
  void fedAvgMovesTheGlobalModelByTheWholeDeltaOfOneResult() {
    Weights global = weights(new double[][] {{1, 2}, {3, 4}}, new double[][] {{1}, {1}});
    Weights delta = weights(new double[][] {{0.5, 0}, {0, -1}}, new double[][] {{0}, {2}});

    Aggregate next = fedAvg.aggregate(global, ServerState.EMPTY, List.of(new ClientResult("a", delta, 7)), List.of());

    assertThat(next.model()).isEqualTo(global.plus(delta));
  }

  @Test
  void withoutResultsTheGlobalModelAndTheStateAreKept() {
    Weights global = Vectors.of(1, 2, 3, 4);
    ServerState state = ServerState.EMPTY.with("momentum", new double[] {1, 1, 1, 1});
    ServerStrategy withMomentum = new ServerStrategy(DeltaAggregator.weightedMean(), ServerOptimizer.momentum(1, 0.5));

    Aggregate next = withMomentum.aggregate(global, state, List.of(), List.of(new ClientFailure("a", "gone")));

    assertThat(next).isEqualTo(new Aggregate(global, state));
  }

  @Test
  void failuresDoNotChangeTheAverage() {
    Weights global = Weights.zeros(SHAPE);
    ClientResult result = new ClientResult("a", weights(new double[][] {{1, 1}, {1, 1}}, new double[][] {{1}, {1}}), 10);

    Aggregate withFailure = fedAvg.aggregate(global, ServerState.EMPTY, List.of(result),
        List.of(new ClientFailure("b", "timeout")));
    Aggregate withoutFailure = fedAvg.aggregate(global, ServerState.EMPTY, List.of(result), List.of());

    assertThat(withFailure).isEqualTo(withoutFailure);
  }

  @Test
  void aResultOfAnotherShapeIsRefusedNamingItsSource() {
    Weights global = Weights.zeros(SHAPE);
    ClientResult wrong = new ClientResult("node 51", Weights.zeros(ModelShape.mlp(1, 2, 2)), 10);

    assertThatThrownBy(() -> fedAvg.aggregate(global, ServerState.EMPTY, List.of(wrong), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("node 51");
  }

  @Test
  void aRobustAggregatorUnderAServerOptimizerStepsByTheRobustUpdate() {
    // Arrange: the median of the three deltas is (2, 0, 1, 4); a momentum of (2, 2, 2, 2) is kept.
    Weights global = Vectors.of(1, 1, 1, 1);
    List<ClientResult> results = List.of(
        Vectors.result("a", 1, 2, 0, 1, 4),
        Vectors.result("b", 1, 3, 9, 1, 4),
        Vectors.result("poisoned", 1, -90, -90, -90, -90));
    ServerState state = ServerState.EMPTY.with("momentum", new double[] {2, 2, 2, 2});
    ServerStrategy medianWithMomentum = new ServerStrategy(DeltaAggregator.median(), ServerOptimizer.momentum(0.5, 0.5));

    // Act
    Aggregate next = medianWithMomentum.aggregate(global, state, results, List.of());

    // Assert: m = 0.5 * 2 + (2, 0, 1, 4) = (3, 1, 2, 5); global + 0.5 m
    assertThat(next.model()).isEqualTo(Vectors.of(2.5, 1.5, 2, 3.5));
    assertThat(next.state().get("momentum")).hasValue(new double[] {3, 1, 2, 5});
  }

  @Test
  void aStateOfAnotherOptimizerIsRefused() {
    ServerState momentum = ServerState.EMPTY.with("momentum", new double[] {0, 0, 0, 0});
    List<ClientResult> results = List.of(Vectors.result("a", 1, 1, 1, 1, 1));

    assertThatThrownBy(() -> fedAvg.aggregate(Vectors.of(0, 0, 0, 0), momentum, results, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("server state holds [momentum], plain step keeps none");
  }
}
