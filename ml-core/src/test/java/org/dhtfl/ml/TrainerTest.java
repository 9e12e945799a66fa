package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class TrainerTest {

  static Stream<Arguments> trainingCases() {
    TrainingOptions fifty = TrainingOptions.defaults().withEpochs(50).withEarlyStop(false);
    return Stream.of(
        Arguments.of("tiny mlp, momentum", ModelShape.mlp(3, 5, 2), 37,
            fifty.withEta(1e-3)),
        Arguments.of("letters-sized mlp, three blocks, per-row eta, 2 threads", ModelShape.mlp(16, 20, 26),
            2 * RowBlock.ROWS + 100,
            fifty.withEta(0.05).withEtaPerRow(true).withThreads(2)),
        Arguments.of("mlp without momentum, two blocks, 2 threads", ModelShape.mlp(7, 9, 4), RowBlock.ROWS + 88,
            fifty.withMomentum(0).withThreads(2)),
        Arguments.of("one-row mlp", ModelShape.mlp(2, 1, 3), 1,
            fifty.withEta(1e-2)),
        Arguments.of("logistic, momentum", ModelShape.logistic(16, 26), 500,
            fifty),
        Arguments.of("logistic without momentum, a one-row last block, per-row eta, 2 threads",
            ModelShape.logistic(5, 3), RowBlock.ROWS + 1,
            fifty.withMomentum(0).withEta(0.05).withEtaPerRow(true).withThreads(2)),
        Arguments.of("mlp with the reference's early stop", ModelShape.mlp(16, 20, 26), 500,
            TrainingOptions.defaults()),
        Arguments.of("mlp with FedProx's proximal term, momentum, two blocks, 2 threads", ModelShape.mlp(16, 20, 26),
            RowBlock.ROWS + 100, fifty.withMu(0.5).withThreads(2)),
        Arguments.of("logistic with FedProx's proximal term, per-row eta", ModelShape.logistic(16, 26), 500,
            fifty.withEta(0.05).withEtaPerRow(true).withMu(0.1)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  void matchesThePlainReferenceImplementation(String description, ModelShape shape, int rows, TrainingOptions options) {
    // Arrange
    Dataset data = TestData.random("random", rows, shape.inputs(), shape.classes(), rows * 31L + shape.hidden());
    Weights start = Weights.initial(shape, 7);

    // Act
    TrainingResult fast = Trainer.train(start, data, options);
    ReferenceTrainer.Outcome plain = ReferenceTrainer.train(shape, start.vRows(), start.wRows(),
        TestData.rows(data), data.labels(), options);

    // Assert
    assertThat(fast.epochs()).isEqualTo(plain.epochs());
    assertClose(fast.trained().vRows(), plain.v());
    assertClose(fast.trained().wRows(), plain.w());
    assertThat(fast.loss()).isCloseTo(plain.loss(), offset(1e-9 * Math.abs(plain.loss())));
    assertThat(fast.errorRate()).isEqualTo(plain.errorRate());
    assertThat(fast.rows()).isEqualTo(rows);
  }

  /** Every value within 1e-9 of the largest magnitude in the expected matrix. */
  private static void assertClose(double[][] actual, double[][] expected) {
    double scale = 0;
    for (double[] row : expected) {
      for (double value : row) {
        scale = Math.max(scale, Math.abs(value));
      }
    }
    assertThat(actual.length).isEqualTo(expected.length);
    for (int i = 0; i < expected.length; i++) {
      for (int j = 0; j < expected[i].length; j++) {
        assertThat(Math.abs(actual[i][j] - expected[i][j]))
            .as("[%d][%d]: %s vs %s", i, j, actual[i][j], expected[i][j])
            .isLessThanOrEqualTo(1e-9 * scale);
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("trainingCases")
  void theVectorAndTheScalarPassTrainBitIdenticalModels(String description, ModelShape shape, int rows,
      TrainingOptions options) {
    // Arrange
    Assumptions.assumeTrue(VectorApi.USABLE, "no Vector API in this JVM (--add-modules jdk.incubator.vector)");
    Dataset data = TestData.random("random", rows, shape.inputs(), shape.classes(), rows * 31L + shape.hidden());
    Weights start = Weights.initial(shape, 7);

    // Act
    TrainingResult vector;
    TrainingResult scalar;
    try (TrainingRun run = new TrainingRun(start, data, options, VectorBlockPass::new)) {
      vector = run.train();
    }
    try (TrainingRun run = new TrainingRun(start, data, options, ScalarBlockPass::new)) {
      scalar = run.train();
    }

    // Assert
    assertThat(vector).isEqualTo(scalar);
  }

  @Test
  void sameSeedAndDataGiveBitIdenticalWeightsWhateverTheThreadCount() {
    // Arrange: three blocks, so the threads really share the work
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("random", 2 * RowBlock.ROWS + 76, 16, 26, 5);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(30).withEarlyStop(false)
        .withEta(0.05).withEtaPerRow(true);

    // Act
    TrainingResult first = Trainer.train(Weights.initial(shape, 1), data, options.withThreads(1));
    TrainingResult again = Trainer.train(Weights.initial(shape, 1), data, options.withThreads(1));
    TrainingResult twoThreads = Trainer.train(Weights.initial(shape, 1), data, options.withThreads(2));
    TrainingResult fourThreads = Trainer.train(Weights.initial(shape, 1), data, options.withThreads(4));

    // Assert
    assertThat(again).isEqualTo(first);
    assertThat(twoThreads).isEqualTo(first);
    assertThat(fourThreads).isEqualTo(first);
  }

  @Test
  void concurrentTrainingsDoNotDisturbEachOther() throws Exception {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    List<Dataset> shards = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      shards.add(TestData.random("shard" + i, RowBlock.ROWS + 88, 16, 26, 100 + i));
    }
    TrainingOptions options = TrainingOptions.defaults().withEpochs(20).withThreads(2);
    List<TrainingResult> alone = new ArrayList<>();
    for (Dataset shard : shards) {
      alone.add(Trainer.train(Weights.initial(shape, 1), shard, options));
    }

    // Act
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<TrainingResult>> together = new ArrayList<>();
    try {
      for (Dataset shard : shards) {
        together.add(pool.submit(() -> Trainer.train(Weights.initial(shape, 1), shard, options)));
      }
      // Assert
      for (int i = 0; i < shards.size(); i++) {
        assertThat(together.get(i).get()).isEqualTo(alone.get(i));
      }
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aLargerProximalTermKeepsTheTrainedModelCloserToItsStart() {
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("random", 300, 16, 26, 11);
    Weights start = Weights.initial(shape, 7);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(100).withEarlyStop(false);

    double free = Trainer.train(start, data, options).delta().maxAbs();
    double held = Trainer.train(start, data, options.withMu(0.1)).delta().maxAbs();
    double tight = Trainer.train(start, data, options.withMu(1)).delta().maxAbs();

    assertThat(held).isLessThan(free);
    assertThat(tight).isLessThan(held);
  }

  @Test
  void aHugeEarlyStopDeltaStopsExactlyAtTheMinimumEpochs() {
    // Arrange
    Dataset data = TestData.random("random", 200, 4, 3, 9);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(100).withEarlyStopDelta(1e12)
        .withEarlyStopMinEpochs(7);

    // Act
    TrainingResult result = Trainer.train(Weights.initial(ModelShape.mlp(4, 6, 3), 3), data, options);

    // Assert
    assertThat(result.epochs()).isEqualTo(7);
  }

  @Test
  void withoutEarlyStopEveryEpochRuns() {
    // Arrange
    Dataset data = TestData.random("random", 200, 4, 3, 9);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(60).withEarlyStopDelta(1e12)
        .withEarlyStop(false);

    // Act
    TrainingResult result = Trainer.train(Weights.initial(ModelShape.mlp(4, 6, 3), 3), data, options);

    // Assert
    assertThat(result.epochs()).isEqualTo(60);
  }

  @Test
  void aZeroEarlyStopDeltaRunsUntilTheLossStopsChangingOrTheEpochsRunOut() {
    // Arrange
    Dataset data = TestData.random("random", 200, 4, 3, 9);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(40).withEarlyStopDelta(0);

    // Act
    TrainingResult result = Trainer.train(Weights.initial(ModelShape.logistic(4, 3), 3), data, options);

    // Assert
    assertThat(result.epochs()).isEqualTo(40);
  }

  @Test
  void theResultHoldsTheChangeTheTrainedModelAndItsTrainingError() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("random", 300, 16, 26, 11);
    Weights start = Weights.initial(shape, 1);

    // Act
    TrainingResult result = Trainer.train(start, data, TrainingOptions.defaults().withEpochs(20));

    // Assert
    assertThat(result.delta()).isEqualTo(result.trained().minus(start));
    assertThat(result.errorRate()).isEqualTo(Trainer.errorRate(result.trained(), data));
    assertThat(result.rows()).isEqualTo(300);
    assertThat(result.trained()).isNotEqualTo(start);
  }

  @Test
  void trainingLowersTheLossOnLearnableData() {
    // Arrange: the class is whether the first feature exceeds the second
    int n = 400;
    double[] values = new double[n * 2];
    int[] labels = new int[n];
    SplittableRandom random = new SplittableRandom(3);
    for (int t = 0; t < n; t++) {
      values[2 * t] = random.nextInt(16);
      values[2 * t + 1] = random.nextInt(16);
      labels[t] = values[2 * t] > values[2 * t + 1] ? 1 : 0;
    }
    Dataset data = Dataset.labelled("comparison", 2, values, labels);
    Weights start = Weights.initial(ModelShape.logistic(2, 2), 1);
    double before = Trainer.errorRate(start, data);

    // Act
    TrainingResult result = Trainer.train(start, data,
        TrainingOptions.defaults().withEpochs(300).withEarlyStop(false).withEta(0.5).withEtaPerRow(true));

    // Assert
    assertThat(result.errorRate()).isLessThan(0.1).isLessThan(before);
  }

  @Test
  void correctCountsTheRowsWhosePredictionIsTheirLabel() {
    // Arrange: logistic, one input; class 1 scores x, class 0 scores -x
    Weights weights = Weights.fromRows(ModelShape.logistic(1, 2), new double[][] {{0, 0}, {-1, 1}}, new double[0][0]);
    Dataset data = Dataset.labelled("points", 1, new double[] {-2, 3, 1, -1}, new int[] {0, 1, 0, 0});

    // Act
    long correct = Trainer.correct(weights, data);

    // Assert: rows 0, 1 and 3 right, row 2 wrong
    assertThat(correct).isEqualTo(3);
    assertThat(Trainer.errorRate(weights, data)).isEqualTo(0.25);
  }

  @Test
  void predictGivesTheFirstClassOfHighestOutput() {
    // Arrange: logistic, one input; class 1 scores x, class 0 scores -x
    ModelShape shape = ModelShape.logistic(1, 2);
    Weights weights = Weights.fromRows(shape, new double[][] {{0, 0}, {-1, 1}}, new double[0][0]);
    Dataset data = Dataset.unlabelled("points", 1, new double[] {-2, 3, 0});

    // Act
    int[] predictions = Trainer.predict(weights, data);

    // Assert: 0 ties, and a tie goes to the first class
    assertThat(predictions).containsExactly(0, 1, 0);
  }

  @Test
  void aLayeredModelClassifiesThousandsOfRowsInSharesAsRowByRow() {
    // Arrange: enough rows for a share per core; each row's answer from a pass of its own, one row at a time
    ModelShape shape = ModelShape.mlp(4, List.of(8, 6), 3);
    Weights weights = StartWeights.HE.draw(shape, 7);
    Dataset data = TestData.random("many", 3001, 4, 3, 13);
    LayeredNetwork single = new LayeredNetwork(shape, 1);
    single.setWeights(weights.vArray(), weights.wArray());
    double[][] rows = LayeredNetwork.rowsOf(data);
    int[] expected = new int[data.rows()];
    long expectedCorrect = 0;
    for (int t = 0; t < data.rows(); t++) {
      single.forward(rows, null, t, 1);
      single.predict(1, expected, t);
      expectedCorrect += expected[t] == data.labelsArray()[t] ? 1 : 0;
    }

    // Act
    int[] predictions = Trainer.predict(weights, data);
    long correct = Trainer.correct(weights, data);

    // Assert
    assertThat(predictions).containsExactly(expected);
    assertThat(correct).isEqualTo(expectedCorrect).isBetween(1L, data.rows() - 1L);
  }

  @Test
  void errorRateIsTheFractionOfRowsPredictedWrongly() {
    // Arrange
    ModelShape shape = ModelShape.logistic(1, 2);
    Weights weights = Weights.fromRows(shape, new double[][] {{0, 0}, {-1, 1}}, new double[0][0]);
    Dataset data = Dataset.labelled("points", 1, new double[] {-2, 3, 0, 5}, new int[] {0, 0, 0, 1});

    // Act
    double errorRate = Trainer.errorRate(weights, data);

    // Assert
    assertThat(errorRate).isEqualTo(0.25);
  }

  @Test
  void dataWithAnotherFeatureCountIsRefusedNamingBoth() {
    Dataset data = TestData.random("narrow", 10, 3, 2, 1);
    Weights weights = Weights.zeros(ModelShape.mlp(4, 2, 2));

    assertThatThrownBy(() -> Trainer.train(weights, data, TrainingOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("narrow has 3 features")
        .hasMessageContaining("takes 4");
  }

  @Test
  void aLabelBeyondTheModelsClassesIsRefused() {
    Dataset data = Dataset.labelled("wide", 1, new double[] {1, 2}, new int[] {0, 5});
    Weights weights = Weights.zeros(ModelShape.logistic(1, 3));

    assertThatThrownBy(() -> Trainer.train(weights, data, TrainingOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("wide has label 5");
  }

  @Test
  void unlabelledDataCannotBeTrainedOn() {
    Dataset data = Dataset.unlabelled("bare", 1, new double[] {1, 2});
    Weights weights = Weights.zeros(ModelShape.logistic(1, 3));

    assertThatThrownBy(() -> Trainer.train(weights, data, TrainingOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bare has no labels");
  }

  @Test
  void aDivergingTrainingFailsWithAnArithmeticException() {
    Dataset data = TestData.random("random", 50, 4, 3, 2);
    TrainingOptions options = TrainingOptions.defaults().withEta(1e305).withEarlyStop(false).withEpochs(10);

    assertThatThrownBy(() -> Trainer.train(Weights.initial(ModelShape.mlp(4, 3, 3), 1), data, options))
        .isInstanceOf(ArithmeticException.class)
        .hasMessageContaining("diverged");
  }
}
