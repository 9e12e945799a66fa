package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.util.List;
import org.junit.jupiter.api.Test;

class LayeredRunTest {
  private static final ModelShape DEEP = ModelShape.mlp(4, List.of(5, 3), 3);

  @Test
  void gradientOfADeepModelMatchesFiniteDifferencesOfTheLoss() {
    // Arrange: a model of two hidden layers whose every unit is active on some row; features in [0, 1], so that no
    // class is so unlikely that the loss's 1e-6 inside the log (which the descent direction leaves out) counts
    Dataset data = new Standardization(new double[4], new double[] {15, 15, 15, 15})
        .apply(TestData.random("rows", 6, 4, 3, 11));
    Weights weights = StartWeights.HE.draw(DEEP, 3).plus(Weights.of(DEEP, filled(DEEP.vSize(), 0.05),
        filled(DEEP.wSize(), 0.05)));
    LayeredNetwork network = new LayeredNetwork(DEEP, 6);
    network.setWeights(weights.v(), weights.w());
    double[][] rows = LayeredNetwork.rowsOf(data);

    // Act: the descent direction the backward pass computes
    network.forward(rows, null, 0, 6);
    network.softmax(data.labels(), null, 0, 6, new int[1]);
    double[][][] gradient = network.newLike();
    network.backward(6, gradient);
    double[] descentV = new double[DEEP.vSize()];
    double[] descentW = new double[DEEP.wSize()];
    LayeredNetwork flat = new LayeredNetwork(DEEP, 6);
    System.arraycopy(gradient, 0, flat.weights, 0, gradient.length);
    flat.getWeights(descentV, descentW);

    // Assert: minus the central difference of the summed loss, value by value
    double h = 1e-6;
    for (int i = 0; i < DEEP.wSize(); i++) {
      double expected = -(loss(data, weights, false, i, h) - loss(data, weights, false, i, -h)) / (2 * h);
      assertThat(descentW[i]).as("W value %d", i).isCloseTo(expected, offset(1e-5 + 1e-4 * Math.abs(expected)));
    }
    for (int i = 0; i < DEEP.vSize(); i++) {
      double expected = -(loss(data, weights, true, i, h) - loss(data, weights, true, i, -h)) / (2 * h);
      assertThat(descentV[i]).as("V value %d", i).isCloseTo(expected, offset(1e-5 + 1e-4 * Math.abs(expected)));
    }
  }

  @Test
  void adamsFirstStepMovesEveryWeightByEtaAgainstItsGradient() {
    // Arrange: one row, so the first step is -eta * g / (|g| + epsilon) for each weight
    ModelShape shape = ModelShape.logistic(2, 2);
    Dataset row = Dataset.labelled("row", 2, new double[] {1, 2}, new int[] {1});
    Weights start = Weights.zeros(shape);
    TrainingOptions adam = TrainingOptions.defaults().withEpochs(1).withEarlyStop(false)
        .withOptimizer(Optimizer.ADAM).withEta(0.01).withBatch(1);

    // Act
    TrainingResult result = Trainer.train(start, row, adam);

    // Assert: at zero weights both classes have probability 1/2; class 1's weights rise, class 0's fall
    // (V rows: bias, feature 0, feature 1; columns: class 0, class 1)
    assertThat(result.delta().v()).containsExactly(new double[] {-0.01, 0.01, -0.01, 0.01, -0.01, 0.01},
        offset(1e-9));
  }

  @Test
  void adamsStepHoldsForTenEpochsThenDecaysAsOneOverTheEpoch() {
    assertThat(Optimizer.adamDecay(1)).isEqualTo(1.0);
    assertThat(Optimizer.adamDecay(10)).isEqualTo(1.0);
    assertThat(Optimizer.adamDecay(11)).isEqualTo(10.0 / 11);
    assertThat(Optimizer.adamDecay(20)).isEqualTo(0.5);
    assertThat(Optimizer.adamDecay(100)).isEqualTo(0.1);
  }

  @Test
  void adamsLaterEpochsMoveTheWeightsLessThanItsFirst() {
    // Arrange: one row whose gradient keeps its sign, so every step of Adam moves each weight by about eta
    ModelShape shape = ModelShape.logistic(2, 2);
    Dataset row = Dataset.labelled("row", 2, new double[] {1, 2}, new int[] {1});
    TrainingOptions adam = TrainingOptions.defaults().withEarlyStop(false).withOptimizer(Optimizer.ADAM)
        .withEta(0.01).withBatch(1);

    // Act
    double tenEpochs = Trainer.train(Weights.zeros(shape), row, adam.withEpochs(10)).delta().v()[1];
    double twentyEpochs = Trainer.train(Weights.zeros(shape), row, adam.withEpochs(20)).delta().v()[1];

    // Assert: ten whole steps, then ten of 10/11 .. 10/20 of the step, 6.69 steps at most (the gradient
    // shrinks as the row's class grows likely, so Adam's steps fall a little short of eta; ten whole steps
    // would move it by about 0.09 here)
    assertThat(tenEpochs).isCloseTo(0.10, offset(0.002));
    assertThat(twentyEpochs - tenEpochs).isBetween(0.055, 0.0669);
  }

  @Test
  void sgdOverWholeFilesMatchesTheReferenceTrainerOnItsShapes() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    Dataset data = TestData.random("file", 300, 16, 26, 5);
    Weights start = StartWeights.GLIBC.draw(shape, 1);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(30).withEarlyStop(false);

    // Act
    TrainingResult reference = Trainer.train(start, data, options);
    TrainingResult layered = new LayeredRun(start, data, options).train();

    // Assert: the same mathematics, summed in another order
    assertThat(layered.loss()).isCloseTo(reference.loss(), offset(1e-9 * reference.loss()));
    double[] a = reference.trained().w();
    double[] b = layered.trained().w();
    for (int i = 0; i < a.length; i++) {
      assertThat(b[i]).isCloseTo(a[i], offset(1e-9));
    }
  }

  @Test
  void minibatchesDependOnTheShuffleSeedAndNothingElse() {
    // Arrange
    Dataset data = TestData.random("file", 100, 4, 3, 8);
    Weights start = StartWeights.HE.draw(DEEP, 2);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(3).withEarlyStop(false).withBatch(8)
        .withOptimizer(Optimizer.ADAM).withShuffleSeed(42);

    // Act
    TrainingResult once = Trainer.train(start, data, options);
    TrainingResult again = Trainer.train(start, data, options.withThreads(2));
    TrainingResult otherOrder = Trainer.train(start, data, options.withShuffleSeed(43));

    // Assert
    assertThat(again.trained()).isEqualTo(once.trained());
    assertThat(otherOrder.trained()).isNotEqualTo(once.trained());
  }

  @Test
  void aDeepModelWithAdamLearnsRowsThatAFormulaLabels() {
    // Arrange: the label is which of three features is largest
    int n = 600;
    java.util.SplittableRandom random = new java.util.SplittableRandom(4);
    double[] values = new double[n * 4];
    int[] labels = new int[n];
    for (int t = 0; t < n; t++) {
      for (int i = 0; i < 4; i++) {
        values[t * 4 + i] = random.nextDouble(-1, 1);
      }
      labels[t] = values[t * 4] > values[t * 4 + 1] ? (values[t * 4] > values[t * 4 + 2] ? 0 : 2)
          : (values[t * 4 + 1] > values[t * 4 + 2] ? 1 : 2);
    }
    Dataset data = Dataset.labelled("argmax", 4, values, labels);
    ModelShape shape = ModelShape.mlp(4, List.of(32, 16), 3);
    TrainingOptions adam = TrainingOptions.defaults().withEpochs(40).withEarlyStop(false).withBatch(32)
        .withOptimizer(Optimizer.ADAM).withEta(3e-3);

    // Act
    TrainingResult result = Trainer.train(StartWeights.HE.draw(shape, 1), data, adam);

    // Assert
    assertThat(result.errorRate()).isLessThan(0.05);
    assertThat(Trainer.errorRate(result.trained(), data)).isEqualTo(result.errorRate());
    int[] predicted = Trainer.predict(result.trained(), data);
    long right = java.util.stream.IntStream.range(0, n).filter(t -> predicted[t] == labels[t]).count();
    assertThat(right).isEqualTo(Trainer.correct(result.trained(), data));
  }

  @Test
  void heStartWeightsHaveZeroBiasesAndTheSpreadOfTheirLayersInputs() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, List.of(256, 128), 26);

    // Act
    Weights start = StartWeights.HE.draw(shape, 1);

    // Assert: row 0 of the second hidden layer is its bias; the rest have variance 2 / 256
    double[][] w = start.wRows();
    assertThat(w[17]).containsOnly(0.0);
    double sum = 0;
    double squares = 0;
    int count = 0;
    for (int r = 18; r < 17 + 257; r++) {
      for (double value : w[r]) {
        sum += value;
        squares += value * value;
        count++;
      }
    }
    assertThat(sum / count).isCloseTo(0.0, offset(0.005));
    assertThat(squares / count).isCloseTo(2.0 / 256, offset(0.1 * 2.0 / 256));
    assertThat(StartWeights.HE.draw(shape, 1)).isEqualTo(start);
  }

  @Test
  void deepWeightsTravelAsRowsAndComeBackWithTheirShape() {
    // Arrange
    ModelShape shape = ModelShape.mlp(16, List.of(256, 128), 26);
    Weights start = StartWeights.HE.draw(shape, 9);

    // Act
    Weights back = Weights.fromRows(ModelKind.MLP, start.vRows(), start.wRows());

    // Assert
    assertThat(back.shape()).isEqualTo(shape);
    assertThat(back).isEqualTo(start);
    assertThat(start.wRows().length).isEqualTo(17 + 257);
  }

  @Test
  void layersOfOneWidthAreReadBackWithTheInputsOrTheLayersAndLaterOnesWithout() {
    // Arrange
    ModelShape equal = ModelShape.mlp(16, List.of(128, 128), 26);
    ModelShape equalLater = ModelShape.mlp(16, List.of(64, 32, 32, 32), 26);
    Weights first = StartWeights.HE.draw(equal, 1);
    Weights later = StartWeights.HE.draw(equalLater, 1);

    // Act
    Weights byInputs = Weights.fromRows(ModelKind.MLP, 16, first.vRows(), first.wRows());
    Weights byLayers = Weights.fromRows(ModelShape.of(ModelKind.MLP, List.of(128, 128), first.vRows(),
        first.wRows()), first.vRows(), first.wRows());
    Weights byRowsAlone = Weights.fromRows(ModelKind.MLP, first.vRows(), first.wRows());
    Weights laterByRowsAlone = Weights.fromRows(ModelKind.MLP, later.vRows(), later.wRows());

    // Assert: the first layers' rows alone read as one layer of 145 inputs, the same values
    assertThat(byInputs).isEqualTo(first);
    assertThat(byLayers).isEqualTo(first);
    assertThat(byRowsAlone.shape()).isEqualTo(ModelShape.mlp(145, 128, 26));
    assertThat(byRowsAlone.w()).isEqualTo(first.w());
    assertThat(laterByRowsAlone).isEqualTo(later);
    assertThatThrownBy(() -> Weights.fromRows(ModelKind.MLP, 15, first.vRows(), first.wRows()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a model of 15 inputs needs 16");
  }

  @Test
  void aModelOfLayersOfOneWidthTrainsWithBothPasses() {
    // Arrange
    ModelShape shape = ModelShape.mlp(4, List.of(8, 8), 3);
    Dataset data = TestData.random("rows", 40, 4, 3, 2);
    TrainingOptions adam = TrainingOptions.defaults().withEpochs(3).withEarlyStop(false).withBatch(16)
        .withOptimizer(Optimizer.ADAM);

    // Act
    TrainingResult plain = new LayeredRun(StartWeights.HE.draw(shape, 1), data, adam, LayeredNetwork::new).train();
    TrainingResult result = Trainer.train(StartWeights.HE.draw(shape, 1), data, adam);

    // Assert
    assertThat(result.trained().shape()).isEqualTo(shape);
    assertThat(result.trained()).isEqualTo(plain.trained());
  }

  @Test
  void standardizationFromSumsGivesMeanAndDeviationAndLeavesConstantFeaturesUnscaled() {
    // Arrange: feature 0 takes 1, 3; feature 1 is always 5
    Standardization s = Standardization.fromSums(2, new double[] {4, 10}, new double[] {10, 50});
    Dataset rows = Dataset.labelled("rows", 2, new double[] {1, 5, 3, 5}, new int[] {0, 1});

    // Act
    Dataset scaled = s.apply(rows);

    // Assert
    assertThat(s.mean()).containsExactly(2, 5);
    assertThat(s.scale()).containsExactly(1, 1);
    assertThat(scaled.values()).containsExactly(-1, 0, 1, 0);
    assertThat(scaled.labels()).containsExactly(0, 1);
  }

  private static double loss(Dataset data, Weights weights, boolean inV, int index, double h) {
    double[] v = weights.v();
    double[] w = weights.w();
    (inV ? v : w)[index] += h;
    LayeredNetwork network = new LayeredNetwork(weights.shape(), data.rows());
    network.setWeights(v, w);
    network.forward(LayeredNetwork.rowsOf(data), null, 0, data.rows());
    return network.softmax(data.labels(), null, 0, data.rows(), new int[1]);
  }

  private static double[] filled(int n, double value) {
    double[] out = new double[n];
    java.util.Arrays.fill(out, value);
    return out;
  }
}
