package org.dhtfl.ml.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class DiscriminantHeadTest {

  /**
   * One feature, two classes of two rows: class 0 at 0 and 2 (mean 1), class 1 at 4 and 6 (mean 5).
   * Pooled within-class variance (1 + 1 + 1 + 1) / (4 - 2) = 2, plus the ridge 1e-3 * 2 = 0.002; so
   * class k scores x m_k / 2.002 - m_k^2 / (2 * 2.002) + log(1/2), and the classes meet at x = 3.
   */
  @Test
  void theHeadScoresEachClassByItsGaussianDiscriminant() {
    ModelShape shape = ModelShape.logistic(1, 2);
    Dataset rows = Dataset.labelled("rows", 1, new double[] {0, 2, 4, 6}, new int[] {0, 0, 1, 1});
    Weights model = Weights.zeros(shape);

    Weights head = DiscriminantHead.fit(model, ClassStatistics.of(model, rows));

    double s = 2.002;
    double[] v = head.v();
    assertThat(v[0]).isCloseTo(-1 / (2 * s) + Math.log(0.5), within(1e-12));
    assertThat(v[1]).isCloseTo(-25 / (2 * s) + Math.log(0.5), within(1e-12));
    assertThat(v[2]).isCloseTo(1 / s, within(1e-12));
    assertThat(v[3]).isCloseTo(5 / s, within(1e-12));
    int[] predicted = Trainer.predict(head, Dataset.unlabelled("probe", 1, new double[] {2.99, 3.01}));
    assertThat(predicted).containsExactly(0, 1);
  }

  @Test
  void anMlpKeepsItsHiddenLayerAndAClassWithoutRowsNeverWins() {
    ModelShape shape = ModelShape.mlp(1, 2, 3);
    Weights model = Weights.fromRows(shape, new double[3][3], new double[][] {{0, -1}, {1, 1}});
    Dataset rows = Dataset.labelled("rows", 1, new double[] {0, 0.5, 3, 4}, new int[] {0, 0, 2, 2});

    Weights head = DiscriminantHead.fit(model, ClassStatistics.of(model, rows));

    assertThat(head.w()).containsExactly(model.w());
    assertThat(Trainer.predict(head, Dataset.unlabelled("probe", 1, new double[] {0.2, 3.5})))
        .containsExactly(0, 2);
  }
}
