package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

/**
 * lr 0.5, beta1 0.5, beta2 0.5, tau 1: the moments start at m = 0 and v = tau^2 = 1. Round 1's
 * update d = (1, -1, 0, 7), round 2's d = (1, 1, 1, 1), from the global model (1, 1, 1, 1).
 */
class AdaptiveOptimizerTest {

  private static final Weights GLOBAL = Vectors.of(1, 1, 1, 1);
  private static final Weights FIRST = Vectors.of(1, -1, 0, 7);
  private static final Weights SECOND = Vectors.of(1, 1, 1, 1);

  private static void assertModel(Weights model, double... expected) {
    double[] v = model.v();
    for (int i = 0; i < expected.length; i++) {
      assertThat(v[i]).as("parameter " + i).isCloseTo(expected[i], within(1e-12));
    }
  }

  @Test
  void adamStepsByTheFirstMomentOverTheRootOfTheSecond() {
    ServerOptimizer adam = ServerOptimizer.adam(0.5, 0.5, 0.5, 1);

    // m = 0.5 d = (0.5, -0.5, 0, 3.5); v = 0.5 * 1 + 0.5 d^2 = (1, 1, 0.5, 25); step 0.5 m / (sqrt v + 1)
    Aggregate first = adam.step(GLOBAL, FIRST, ServerState.EMPTY);
    // m = (0.75, 0.25, 0.5, 2.25); v = 0.5 v + 0.5 = (1, 1, 0.75, 13)
    Aggregate second = adam.step(first.model(), SECOND, first.state());

    assertModel(first.model(), 1.125, 0.875, 1, 1 + 1.75 / 6);
    assertThat(first.state().get("first_moment")).hasValue(new double[] {0.5, -0.5, 0, 3.5});
    assertThat(first.state().get("second_moment")).hasValue(new double[] {1, 1, 0.5, 25});
    assertModel(second.model(), 1.125 + 0.1875, 0.875 + 0.0625, 1 + 0.25 / (Math.sqrt(0.75) + 1),
        1 + 1.75 / 6 + 1.125 / (Math.sqrt(13) + 1));
    assertThat(second.state().get("second_moment")).hasValue(new double[] {1, 1, 0.75, 13});
  }

  @Test
  void yogiMovesTheSecondMomentByASignedStepInsteadOfDecayingIt() {
    ServerOptimizer yogi = ServerOptimizer.yogi(0.5, 0.5, 0.5, 1);

    // v = v - 0.5 d^2 sign(v - d^2) = (1 - 0, 1 - 0, 1 - 0, 1 + 24.5) = (1, 1, 1, 25.5)
    Aggregate first = yogi.step(GLOBAL, FIRST, ServerState.EMPTY);
    // v = (1, 1, 1, 25.5 - 0.5) = (1, 1, 1, 25); m = (0.75, 0.25, 0.5, 2.25)
    Aggregate second = yogi.step(first.model(), SECOND, first.state());

    assertModel(first.model(), 1.125, 0.875, 1, 1 + 1.75 / (Math.sqrt(25.5) + 1));
    assertThat(first.state().get("second_moment")).hasValue(new double[] {1, 1, 1, 25.5});
    assertThat(second.state().get("second_moment")).hasValue(new double[] {1, 1, 1, 25});
    assertModel(second.model(), 1.125 + 0.1875, 0.875 + 0.0625, 1 + 0.125, 1 + 1.75 / (Math.sqrt(25.5) + 1) + 1.125 / 6);
  }
}
