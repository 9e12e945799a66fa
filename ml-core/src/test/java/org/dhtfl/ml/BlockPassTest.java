package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BlockPassTest {

  private static Dataset smoothData(int n, int d, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n * d];
    int[] labels = new int[n];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    for (int t = 0; t < n; t++) {
      labels[t] = random.nextInt(k);
    }
    return Dataset.labelled("smooth", d, values, labels);
  }

  private static Weights randomWeights(ModelShape shape, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble(-0.5, 0.5);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble(-0.5, 0.5);
    }
    return Weights.of(shape, v, w);
  }

  private static double loss(ModelShape shape, RowBlock block, double[] v, double[] w) {
    BlockResult result = new BlockResult(shape);
    new BlockPass(shape, block.rows).run(block, v, w, false, result);
    return result.loss;
  }

  @ParameterizedTest
  @ValueSource(strings = {"mlp", "logistic"})
  void theGradientIsTheNegatedSlopeOfTheLoss(String kind) {
    // Arrange
    ModelShape shape = ModelKind.parse(kind) == ModelKind.MLP ? ModelShape.mlp(4, 5, 3) : ModelShape.logistic(4, 3);
    RowBlock block = RowBlock.split(smoothData(20, 4, 3, 8))[0];
    Weights weights = randomWeights(shape, 3);
    BlockResult result = new BlockResult(shape);

    // Act
    new BlockPass(shape, block.rows).run(block, weights.v(), weights.w(), true, result);

    // Assert: central differences; the analytic direction ignores the 1e-6 inside the log, a
    // relative difference of about 1e-6 / y
    double h = 1e-6;
    checkAgainstCentralDifferences(shape, block, weights, result.gradientV, true, h);
    checkAgainstCentralDifferences(shape, block, weights, result.gradientW, false, h);
  }

  private static void checkAgainstCentralDifferences(ModelShape shape, RowBlock block, Weights weights,
      double[] gradient, boolean ofV, double h) {
    double scale = 0;
    for (double g : gradient) {
      scale = Math.max(scale, Math.abs(g));
    }
    for (int i = 0; i < gradient.length; i++) {
      double[] v = weights.v();
      double[] w = weights.w();
      double[] target = ofV ? v : w;
      double original = target[i];
      target[i] = original + h;
      double up = loss(shape, block, v, w);
      target[i] = original - h;
      double down = loss(shape, block, v, w);
      double slope = (up - down) / (2 * h);
      assertThat(-slope).as("%s[%d]", ofV ? "V" : "W", i).isCloseTo(gradient[i],
          offset(1e-4 * scale + 1e-7));
    }
  }

  @Test
  void theLossAndCorrectCountMatchThePlainForwardPass() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("random", 300, 16, 26, 4);
    Weights weights = Weights.initial(shape, 2);
    RowBlock block = RowBlock.split(data)[0];
    BlockResult result = new BlockResult(shape);

    // Act
    new BlockPass(shape, block.rows).run(block, weights.v(), weights.w(), false, result);

    // Assert
    ReferenceTrainer.Forward plain = ReferenceTrainer.forward(shape, weights.vRows(), weights.wRows(), TestData.rows(data));
    int correct = 0;
    int[] labels = data.labels();
    for (int t = 0; t < labels.length; t++) {
      if (ReferenceTrainer.argmax(plain.y[t]) == labels[t]) {
        correct++;
      }
    }
    assertThat(result.loss).isEqualTo(ReferenceTrainer.loss(plain, labels));
    assertThat(result.correct).isEqualTo(correct);
  }

  @Test
  void aTieCountsAsTheFirstTiedClass() {
    // Arrange: all-zero weights give every class the same output
    ModelShape shape = ModelShape.logistic(1, 3);
    RowBlock block = RowBlock.split(Dataset.labelled("d", 1, new double[] {1, 2, 3}, new int[] {0, 1, 2}))[0];
    BlockResult result = new BlockResult(shape);

    // Act
    new BlockPass(shape, block.rows).run(block, new double[shape.vSize()], new double[0], false, result);

    // Assert: only the row labelled 0 is right; each row's loss is -log(1/3 + 1e-6)
    assertThat(result.correct).isEqualTo(1);
    assertThat(result.loss).isCloseTo(-3 * Math.log(1.0 / 3 + 1e-6), offset(1e-12));
  }
}
