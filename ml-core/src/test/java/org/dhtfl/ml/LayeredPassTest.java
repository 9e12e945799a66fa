package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The Vector API's layered pass against the plain one, bit for bit, one pass and whole trainings. */
class LayeredPassTest {

  private static void assumeVectorApi() {
    Assumptions.assumeTrue(VectorApi.USABLE, "no Vector API in this JVM (--add-modules jdk.incubator.vector)");
  }

  /**
   * Shapes whose widths are and are not whole vectors (2, 4 and 8 lanes), with the rows of a batch and of the
   * file: batches that divide the file, and files that end with a shorter batch.
   */
  static Stream<Arguments> shapesAndBatches() {
    return Stream.of(
        Arguments.of(ModelShape.mlp(16, List.of(256, 128), 26), 32, 100),
        Arguments.of(ModelShape.mlp(16, List.of(256, 128), 26), 32, 64),
        Arguments.of(ModelShape.mlp(16, 20, 26), 7, 45),
        Arguments.of(ModelShape.mlp(5, List.of(9, 3, 6), 4), 1, 13),
        Arguments.of(ModelShape.mlp(3, List.of(33, 17), 5), 13, 40),
        Arguments.of(ModelShape.mlp(7, List.of(8, 16), 3), 64, 64),
        Arguments.of(ModelShape.mlp(2, List.of(1, 2, 1), 2), 5, 11),
        Arguments.of(ModelShape.mlp(16, 31, 26), 50, 50),
        Arguments.of(ModelShape.logistic(16, 26), 10, 35),
        Arguments.of(ModelShape.logistic(3, 9), 4, 4));
  }

  @ParameterizedTest(name = "{0}, batches of {1}, {2} rows")
  @MethodSource("shapesAndBatches")
  void oneBatchGivesTheSameBitsAsThePlainPass(ModelShape shape, int batch, int rows) {
    // Arrange: a reordered batch from the middle of the file, weights large enough for inactive units
    assumeVectorApi();
    Dataset data = TestData.random("random", rows, shape.inputs(), shape.classes(), rows);
    Weights weights = StartWeights.HE.draw(shape, rows).plus(StartWeights.HE.draw(shape, rows + 1));
    int[] order = new int[rows];
    for (int t = 0; t < rows; t++) {
      order[t] = (t * 7 + 3) % rows;
    }
    int n = Math.min(batch, rows - rows / 3);
    LayeredPass vector = new VectorLayeredPass(shape, batch);
    LayeredPass plain = new LayeredNetwork(shape, batch);
    double[][][] fromVector = vector.newLike();
    double[][][] fromPlain = plain.newLike();
    int[] correctByVector = new int[1];
    int[] correctByPlain = new int[1];
    int[] predictedByVector = new int[n + 1];
    int[] predictedByPlain = new int[n + 1];
    double[][] features = LayeredNetwork.rowsOf(data);

    // Act: twice, so that nothing of the first pass leaks into the second
    double lossByVector = 0;
    double lossByPlain = 0;
    for (LayeredPass pass : List.of(vector, plain)) {
      pass.setWeights(weights.vArray(), weights.wArray());
    }
    for (int i = 0; i < 2; i++) {
      vector.forward(features, order, rows / 3, n);
      lossByVector = vector.softmax(data.labelsArray(), order, rows / 3, n, correctByVector);
      vector.predict(n, predictedByVector, 1);
      vector.backward(n, fromVector);
      plain.forward(features, order, rows / 3, n);
      lossByPlain = plain.softmax(data.labelsArray(), order, rows / 3, n, correctByPlain);
      plain.predict(n, predictedByPlain, 1);
      plain.backward(n, fromPlain);
    }

    // Assert (Double.compare tells NaN, -0.0 and 0.0 apart)
    assertThat(Double.compare(lossByVector, lossByPlain)).as("loss %s vs %s", lossByVector, lossByPlain).isZero();
    assertThat(correctByVector[0]).isEqualTo(correctByPlain[0]);
    assertThat(predictedByVector).isEqualTo(predictedByPlain);
    assertThat(fromVector).isDeepEqualTo(fromPlain);
  }

  @ParameterizedTest(name = "{0}, batches of {1}, {2} rows")
  @MethodSource("shapesAndBatches")
  void aTrainingGivesTheSameModelAsThePlainPass(ModelShape shape, int batch, int rows) {
    // Arrange
    assumeVectorApi();
    Dataset data = TestData.random("random", rows, shape.inputs(), shape.classes(), rows + 5);
    Weights start = StartWeights.HE.draw(shape, 3);
    for (Optimizer optimizer : Optimizer.values()) {
      TrainingOptions options = TrainingOptions.defaults().withEpochs(4).withEarlyStop(false).withBatch(batch)
          .withOptimizer(optimizer).withEta(optimizer == Optimizer.ADAM ? 3e-3 : 1e-3).withShuffleSeed(rows)
          .withMu(optimizer == Optimizer.SGD ? 0.01 : 0.0);

      // Act
      TrainingResult byVector = new LayeredRun(start, data, options, VectorLayeredPass::new).train();
      TrainingResult byPlain = new LayeredRun(start, data, options, LayeredNetwork::new).train();

      // Assert: the same model, loss and error, bit for bit
      assertThat(byVector.trained().v()).as(optimizer.label()).isEqualTo(byPlain.trained().v());
      assertThat(byVector.trained().w()).as(optimizer.label()).isEqualTo(byPlain.trained().w());
      assertThat(Double.compare(byVector.loss(), byPlain.loss())).as(optimizer.label()).isZero();
      assertThat(byVector.errorRate()).as(optimizer.label()).isEqualTo(byPlain.errorRate());
      assertThat(byVector.trained()).as("moved from the start").isNotEqualTo(start);
    }
  }

  /**
   * A node's job of the model (16-256-128-26, He start, the first letters shard in name order, standardised, batches of 32,
   * 10 epochs), with Adam (alone and with FedProx's pull) and the momentum step with the pull: the SHA-256 of the
   * trained weights', the loss's and the error's bits, as the passes computed them when this test was written. A
   * change that makes either pass faster must leave every bit of a training as it was.
   */
  @ParameterizedTest(name = "{0}, mu {1}")
  @CsvSource({
      "adam, 0.0, b7168e81fcfe96d39f54b41ad6bf13567b439de41c9094f2ff1902c971b2cb99",
      "adam, 0.01, 00c8917bbfe70bf5da9358d91a2590b673fbd4c4a4eaf1cdcf9dc406570abc8f",
      "sgd, 0.01, fbe0e9a00f8f851a29ee4aa34b65fec37230ded6039ba2786daae477d9202037"})
  void aJobOfTheLayeredModelKeepsItsBits(String optimizer, double mu, String sha256) throws Exception {
    // Arrange
    Dataset raw = BenchData.read(BenchData.shardFiles(TestData.letters().resolve("letters")).get(0));
    double[] sums = new double[raw.features()];
    double[] squares = new double[raw.features()];
    double[] values = raw.values();
    for (int i = 0; i < values.length; i++) {
      sums[i % sums.length] += values[i];
      squares[i % sums.length] += values[i] * values[i];
    }
    Dataset shard = Standardization.fromSums(raw.rows(), sums, squares).apply(raw);
    Weights start = StartWeights.HE.draw(ModelShape.mlp(16, List.of(256, 128), 26), 1);
    Optimizer chosen = Optimizer.parse(optimizer);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(10).withEarlyStop(false).withBatch(32)
        .withOptimizer(chosen).withEta(chosen == Optimizer.ADAM ? chosen.defaultEta() : 1e-3).withMu(mu);
    List<BiFunction<ModelShape, Integer, LayeredPass>> passes = VectorApi.USABLE
        ? List.of(LayeredNetwork::new, VectorLayeredPass::new) : List.of(LayeredNetwork::new);

    for (int p = 0; p < passes.size(); p++) {
      // Act
      TrainingResult result = new LayeredRun(start, shard, options, passes.get(p)).train();

      // Assert
      assertThat(bitsDigest(result)).as(p == 0 ? "the plain pass" : "the Vector API's pass").isEqualTo(sha256);
    }
  }

  private static String bitsDigest(TrainingResult result) throws NoSuchAlgorithmException {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    double[] v = result.trained().vArray();
    double[] w = result.trained().wArray();
    byte[] bytes = new byte[8 * (v.length + w.length + 2)];
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    for (double x : v) {
      buffer.putLong(Double.doubleToRawLongBits(x));
    }
    for (double x : w) {
      buffer.putLong(Double.doubleToRawLongBits(x));
    }
    buffer.putLong(Double.doubleToRawLongBits(result.loss()));
    buffer.putLong(Double.doubleToRawLongBits(result.errorRate()));
    return HexFormat.of().formatHex(digest.digest(bytes));
  }
}
