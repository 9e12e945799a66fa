package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class TrainingSpecsTest {

  private static final JobKey KEY = new JobKey("run-1", 3, "zx0uRKUQj5");
  /** Every option the spec carries differs from its default, so a dropped field cannot pass. */
  private static final TrainingConfig MLP = new TrainingConfig(ModelKind.MLP, 20, 26, 7,
      TrainingOptions.defaults().withEpochs(30).withEta(0.01).withMomentum(0.5).withEarlyStop(false)
          .withEtaPerRow(true), StartWeights.NUMPY);
  private static final TrainingConfig LOGISTIC = new TrainingConfig(ModelKind.LOGISTIC, 0, 26, 1,
      TrainingOptions.defaults());

  /** MLP's spec with the model, hidden units, eta, seed and random source replaced. */
  private static JobSpec spec(String model, int hidden, double eta, long seed, String init) {
    return new JobSpec(model, hidden, 26, 30, eta, 0.5, false, true, seed, init);
  }

  private static JobRequest request(TrainingConfig config, WeightRows start) {
    return new JobRequest(KEY, Specs.of(config), Optional.of(start), Optional.empty());
  }

  // ------------------------------------------------------------ specs

  @Test
  void aConfigSurvivesItsSpecExactly() {
    JobSpec spec = Specs.of(MLP);

    TrainingConfig back = TrainingSpecs.config(spec);

    assertThat(spec).isEqualTo(new JobSpec("mlp", 20, 26, 30, 0.01, 0.5, false, true, 7, "numpy"));
    assertThat(back).isEqualTo(MLP);
  }

  @Test
  void theSettingsOfALayeredModelReachTheTrainer() {
    JobSpec layered = new JobSpec("mlp", 128, 26, 10, 3e-3, 0.7, false, false, 9, "he", 0, List.of(256, 128), 32,
        "adam", new Scaling(List.of(4.0, 7.5), List.of(1.5, 2.0)));

    TrainingConfig config = TrainingSpecs.config(layered);

    assertThat(config.layers()).containsExactly(256, 128);
    assertThat(config.init()).isEqualTo(StartWeights.HE);
    assertThat(config.options().batch()).isEqualTo(32);
    assertThat(config.options().optimizer()).isEqualTo(Optimizer.ADAM);
    assertThat(config.seed()).as("the start weights' and the minibatches' seed").isEqualTo(9);
    assertThat(config.standardization()).contains(new Standardization(new double[] {4, 7.5}, new double[] {1.5, 2}));
    assertThat(config.shapeFor(16)).isEqualTo(ModelShape.mlp(16, List.of(256, 128), 26));
  }

  @Test
  void anUnknownOptimizerOrAScaleOfZeroIsRefusedNamingIt() {
    JobSpec sgdm = new JobSpec("mlp", 20, 26, 10, 1e-3, 0.7, false, false, 9, "glibc", 0, List.of(), 0, "sgdm",
        Scaling.NONE);
    JobSpec zero = new JobSpec("mlp", 20, 26, 10, 1e-3, 0.7, false, false, 9, "glibc", 0, List.of(), 0, "sgd",
        new Scaling(List.of(1.0), List.of(0.0)));

    assertThatThrownBy(() -> TrainingSpecs.config(sgdm)).hasMessage("optimizer 'sgdm' is not known; sgd or adam are");
    assertThatThrownBy(() -> TrainingSpecs.config(zero)).hasMessage("scale of feature 0 is 0.0, must be positive");
  }

  @Test
  void fedProxsProximalTermReachesTheTrainingOptions() {
    TrainingConfig prox = new TrainingConfig(ModelKind.MLP, 20, 26, 7, MLP.options().withMu(0.01), StartWeights.NUMPY);

    assertThat(TrainingSpecs.config(Specs.of(prox))).isEqualTo(prox);
  }

  @Test
  void aLogisticSpecIgnoresTheHiddenUnitsItNames() {
    JobSpec spec = spec("logistic", 20, 0.01, 1, "glibc");

    TrainingConfig config = TrainingSpecs.config(spec);

    assertThat(config.kind()).isEqualTo(ModelKind.LOGISTIC);
    assertThat(config.hidden()).isZero();
  }

  @Test
  void anUnknownModelKindIsRefusedNamingIt() {
    JobSpec spec = spec("cnn", 20, 0.01, 1, "glibc");

    assertThatThrownBy(() -> TrainingSpecs.config(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model kind 'cnn' is not one of mlp, logistic");
  }

  @Test
  void anUnknownRandomSourceIsRefusedNamingIt() {
    JobSpec spec = spec("mlp", 20, 0.01, 1, "mt19937");

    assertThatThrownBy(() -> TrainingSpecs.config(spec)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start weights 'mt19937' are not known; glibc, numpy or he are");
  }

  @Test
  void valuesTheTrainerCannotUseAreRefusedNamingThem() {
    JobSpec noHidden = spec("mlp", 0, 0.01, 1, "glibc");
    JobSpec badEta = spec("mlp", 20, Double.NaN, 1, "glibc");
    JobSpec badSeed = spec("mlp", 20, 0.01, -1, "glibc");

    assertThatThrownBy(() -> TrainingSpecs.config(noHidden)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("hidden units 0 must be at least 1 for an MLP");
    assertThatThrownBy(() -> TrainingSpecs.config(badEta)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("eta NaN must be positive and finite");
    assertThatThrownBy(() -> TrainingSpecs.config(badSeed)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("seed -1 out of range 0..4294967295");
  }

  // ------------------------------------------------------------ start weights

  @Test
  void weightsAreCarriedAsRowsOfTheirKind() {
    Weights mlp = Weights.initial(ModelShape.mlp(16, 20, 26), 3);
    Weights logistic = Weights.initial(ModelShape.logistic(16, 26), 5);

    WeightRows mlpRows = TrainingSpecs.rows(mlp);
    WeightRows logisticRows = TrainingSpecs.rows(logistic);

    assertThat(mlpRows).isEqualTo(new WeightRows("mlp", mlp.vRows(), mlp.wRows()));
    assertThat(logisticRows).isEqualTo(new WeightRows("logistic", logistic.vRows(), new double[0][]));
  }

  @Test
  void startWeightsThatFitTheSpecAreReadExactly() {
    Weights mlp = Weights.initial(ModelShape.mlp(16, 20, 26), 3);
    Weights logistic = Weights.initial(ModelShape.logistic(16, 26), 5);

    Optional<Weights> mlpStart = TrainingSpecs.start(request(MLP, TrainingSpecs.rows(mlp)), MLP);
    Optional<Weights> logisticStart = TrainingSpecs.start(request(LOGISTIC, TrainingSpecs.rows(logistic)), LOGISTIC);

    assertThat(mlpStart).contains(mlp);
    assertThat(logisticStart).contains(logistic);
    assertThatCode(() -> TrainingSpecs.check(request(MLP, TrainingSpecs.rows(mlp)))).doesNotThrowAnyException();
  }

  @Test
  void startWeightsOfFirstLayersOfOneWidthAreReadWithTheSpecsLayers() {
    // Arrange: 16 inputs and 128,128 have as many rows of 128 values as 145 inputs and one layer of 128
    JobSpec spec = new JobSpec("mlp", 128, 26, 10, 3e-3, 0.7, false, false, 9, "he", 0, List.of(128, 128), 32,
        "adam", Scaling.NONE);
    TrainingConfig config = TrainingSpecs.config(spec);
    Weights start = StartWeights.HE.draw(config.shapeFor(16), 9);

    // Act
    Optional<Weights> read = TrainingSpecs.start(new JobRequest(KEY, spec, Optional.of(TrainingSpecs.rows(start)),
        Optional.empty()), config);

    // Assert
    assertThat(read).contains(start);
  }

  @Test
  void aJobWithoutStartWeightsHasNoStartToCheck() {
    JobRequest request = new JobRequest(KEY, Specs.of(MLP), Optional.empty(), Optional.empty());

    Optional<Weights> start = TrainingSpecs.start(request, MLP);

    assertThat(start).isEmpty();
  }

  @Test
  void startWeightsWithOtherClassesThanTheSpecAreRefused() {
    JobRequest request = request(MLP, TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 20, 10), 1)));

    assertThatThrownBy(() -> TrainingSpecs.check(request)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start weights of shape mlp(16,20,10) do not fit the spec (mlp, 20 hidden, 26 classes)");
  }

  @Test
  void startWeightsWithOtherHiddenUnitsThanTheSpecAreRefused() {
    JobRequest request = request(MLP, TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 8, 26), 1)));

    assertThatThrownBy(() -> TrainingSpecs.check(request)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("start weights of shape mlp(16,8,26) do not fit the spec (mlp, 20 hidden, 26 classes)");
  }

  @Test
  void logisticStartWeightsForAnMlpSpecAreRefusedNamingW() {
    JobRequest request = request(MLP, TrainingSpecs.rows(Weights.initial(ModelShape.logistic(16, 26), 1)));

    assertThatThrownBy(() -> TrainingSpecs.check(request)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W has 0 rows; an MLP needs at least 2");
  }

  @Test
  void aStartWeightThatIsNotFiniteIsRefusedNamingTheCell() {
    Weights start = Weights.initial(ModelShape.mlp(16, 20, 26), 1);
    double[][] nanW = start.wRows();
    nanW[2][3] = Double.NaN;
    double[][] infiniteV = start.vRows();
    infiniteV[1][2] = Double.NEGATIVE_INFINITY;
    JobRequest notANumber = request(MLP, new WeightRows("mlp", start.vRows(), nanW));
    JobRequest infinite = request(MLP, new WeightRows("mlp", infiniteV, start.wRows()));

    assertThatThrownBy(() -> TrainingSpecs.check(notANumber)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[2][3] is NaN");
    assertThatThrownBy(() -> TrainingSpecs.check(infinite)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[1][2] is -Infinity");
  }
}
