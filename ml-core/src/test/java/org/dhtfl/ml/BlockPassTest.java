package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Both passes, each against the mathematics, and against each other bit for bit. */
class BlockPassTest {

  /** A pass of the kind named; the vector one only where this JVM has the Vector API. */
  static BlockPass pass(String kind, ModelShape shape, int maxRows) {
    if (kind.equals("vector")) {
      Assumptions.assumeTrue(VectorApi.USABLE, "no Vector API in this JVM (--add-modules jdk.incubator.vector)");
      return new VectorBlockPass(shape, maxRows);
    }
    return new ScalarBlockPass(shape, maxRows);
  }

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

  private static Weights randomWeights(ModelShape shape, long seed, double scale) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble(-scale, scale);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble(-scale, scale);
    }
    return Weights.of(shape, v, w);
  }

  static Stream<Arguments> kindsAndModels() {
    return Stream.of(Arguments.of("scalar", "mlp"), Arguments.of("scalar", "logistic"),
        Arguments.of("vector", "mlp"), Arguments.of("vector", "logistic"));
  }

  @ParameterizedTest(name = "{0} pass, {1}")
  @MethodSource("kindsAndModels")
  void theGradientIsTheNegatedSlopeOfTheLoss(String kind, String model) {
    // Arrange
    ModelShape shape = ModelKind.parse(model) == ModelKind.MLP ? ModelShape.mlp(4, 5, 3) : ModelShape.logistic(4, 3);
    RowBlock block = RowBlock.split(smoothData(20, 4, 3, 8))[0];
    Weights weights = randomWeights(shape, 3, 0.5);
    BlockPass pass = pass(kind, shape, block.rows);
    BlockResult result = new BlockResult(shape);

    // Act
    pass.run(block, weights.v(), weights.w(), true, result);

    // Assert: central differences; the analytic direction ignores the 1e-6 inside the log, a
    // relative difference of about 1e-6 / y
    double h = 1e-6;
    checkAgainstCentralDifferences(pass, shape, block, weights, result.gradientV, true, h);
    checkAgainstCentralDifferences(pass, shape, block, weights, result.gradientW, false, h);
  }

  private static void checkAgainstCentralDifferences(BlockPass pass, ModelShape shape, RowBlock block,
      Weights weights, double[] gradient, boolean ofV, double h) {
    double scale = 0;
    for (double g : gradient) {
      scale = Math.max(scale, Math.abs(g));
    }
    BlockResult result = new BlockResult(shape);
    for (int i = 0; i < gradient.length; i++) {
      double[] v = weights.v();
      double[] w = weights.w();
      double[] target = ofV ? v : w;
      double original = target[i];
      target[i] = original + h;
      pass.run(block, v, w, false, result);
      double up = result.loss;
      target[i] = original - h;
      pass.run(block, v, w, false, result);
      double down = result.loss;
      double slope = (up - down) / (2 * h);
      assertThat(-slope).as("%s[%d]", ofV ? "V" : "W", i).isCloseTo(gradient[i],
          offset(1e-4 * scale + 1e-7));
    }
  }

  @ParameterizedTest(name = "{0} pass")
  @ValueSource(strings = {"scalar", "vector"})
  void theLossAndCorrectCountMatchThePlainForwardPass(String kind) {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("random", 300, 16, 26, 4);
    Weights weights = Weights.initial(shape, 2);
    RowBlock block = RowBlock.split(data)[0];
    BlockResult result = new BlockResult(shape);

    // Act
    pass(kind, shape, block.rows).run(block, weights.v(), weights.w(), false, result);

    // Assert: bit for bit, as the plain forward pass sums in the same order
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

  @ParameterizedTest(name = "{0} pass")
  @ValueSource(strings = {"scalar", "vector"})
  void aTieCountsAsTheFirstTiedClass(String kind) {
    // Arrange: all-zero weights give every class the same output
    ModelShape shape = ModelShape.logistic(1, 3);
    RowBlock block = RowBlock.split(Dataset.labelled("d", 1, new double[] {1, 2, 3}, new int[] {0, 1, 2}))[0];
    BlockResult result = new BlockResult(shape);

    // Act
    pass(kind, shape, block.rows).run(block, new double[shape.vSize()], new double[0], false, result);

    // Assert: only the row labelled 0 is right; each row's loss is -log(1/3 + 1e-6)
    assertThat(result.correct).isEqualTo(1);
    assertThat(result.loss).isCloseTo(-3 * Math.log(1.0 / 3 + 1e-6), offset(1e-12));
  }

  static Stream<Arguments> shapesAndRows() {
    return Stream.of(
        Arguments.of(ModelShape.mlp(16, 20, 26), RowBlock.ROWS, 1.0),
        Arguments.of(ModelShape.mlp(16, 20, 26), 500, 1.0),
        Arguments.of(ModelShape.mlp(16, 20, 26), 1, 1.0),
        Arguments.of(ModelShape.mlp(3, 5, 2), 37, 1.0),
        Arguments.of(ModelShape.mlp(2, 1, 3), 3, 1.0),
        Arguments.of(ModelShape.mlp(7, 9, 4), 33, 1.0),
        Arguments.of(ModelShape.mlp(5, 7, 9), 64, 1.0),
        Arguments.of(ModelShape.mlp(9, 23, 17), 95, 1.0),
        Arguments.of(ModelShape.mlp(1, 16, 33), 31, 1.0),
        Arguments.of(ModelShape.logistic(16, 26), 500, 1.0),
        Arguments.of(ModelShape.logistic(5, 3), 1, 1.0),
        Arguments.of(ModelShape.logistic(8, 8), 40, 1.0),
        Arguments.of(ModelShape.logistic(2, 11), 70, 1.0),
        // weights so large that outputs overflow: infinities and NaN must come out alike too
        Arguments.of(ModelShape.mlp(16, 20, 26), 70, 1e306),
        Arguments.of(ModelShape.logistic(16, 26), 70, 1e306));
  }

  @ParameterizedTest(name = "{0}, {1} rows, weights up to {2}")
  @MethodSource("shapesAndRows")
  void theVectorPassComputesTheSameBitsAsTheScalarPass(ModelShape shape, int rows, double scale) {
    // Arrange
    RowBlock block = RowBlock.split(TestData.random("random", rows, shape.inputs(), shape.classes(), rows))[0];
    Weights weights = randomWeights(shape, rows + 1, scale);
    BlockPass vector = pass("vector", shape, block.rows);
    BlockPass scalar = pass("scalar", shape, block.rows);
    BlockResult fromVector = new BlockResult(shape);
    BlockResult fromScalar = new BlockResult(shape);
    int[] predictedByVector = new int[rows + 2];
    int[] predictedByScalar = new int[rows + 2];

    // Act: twice, so that nothing of the first pass leaks into the second
    for (int i = 0; i < 2; i++) {
      vector.run(block, weights.vArray(), weights.wArray(), true, fromVector);
      scalar.run(block, weights.vArray(), weights.wArray(), true, fromScalar);
    }
    vector.predict(block, weights.vArray(), weights.wArray(), predictedByVector, 2);
    scalar.predict(block, weights.vArray(), weights.wArray(), predictedByScalar, 2);

    // Assert (Double.compare tells NaN, -0.0 and 0.0 apart)
    assertThat(Double.compare(fromVector.loss, fromScalar.loss)).as("loss %s vs %s", fromVector.loss, fromScalar.loss)
        .isZero();
    assertThat(fromVector.correct).isEqualTo(fromScalar.correct);
    assertThat(fromVector.gradientV).isEqualTo(fromScalar.gradientV);
    assertThat(fromVector.gradientW).isEqualTo(fromScalar.gradientW);
    assertThat(predictedByVector).isEqualTo(predictedByScalar);
  }

  @Test
  void theVectorPassComputesTheSameBitsWithoutTheGradient() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    RowBlock block = RowBlock.split(TestData.random("random", 100, 16, 26, 6))[0];
    Weights weights = Weights.initial(shape, 9);
    BlockResult fromVector = new BlockResult(shape);
    BlockResult fromScalar = new BlockResult(shape);

    // Act
    pass("vector", shape, block.rows).run(block, weights.vArray(), weights.wArray(), false, fromVector);
    pass("scalar", shape, block.rows).run(block, weights.vArray(), weights.wArray(), false, fromScalar);

    // Assert
    assertThat(fromVector.loss).isEqualTo(fromScalar.loss);
    assertThat(fromVector.correct).isEqualTo(fromScalar.correct);
  }
}
