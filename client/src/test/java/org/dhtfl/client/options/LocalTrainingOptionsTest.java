package org.dhtfl.client.options;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dhtfl.cli.Cli;
import org.dhtfl.ml.TrainingOptions;
import org.junit.jupiter.api.Test;

class LocalTrainingOptionsTest {

  private static TrainingOptions parse(String... args) {
    LocalTrainingOptions options = new LocalTrainingOptions();
    Cli.commandLine(options).parseArgs(args);
    return options.options();
  }

  @Test
  void withoutOptionsTheNodesTrainAsTheReference() {
    assertThat(parse()).isEqualTo(TrainingOptions.defaults());
  }

  @Test
  void everyOptionReachesTheTraining() {
    TrainingOptions options = parse("--epochs", "500", "--eta", "5e-5", "--momentum", "0.5", "--no-early-stop",
        "--eta-per-row");

    assertThat(options).isEqualTo(TrainingOptions.defaults().withEpochs(500).withEta(5e-5).withMomentum(0.5)
        .withEarlyStop(false).withEtaPerRow(true));
  }

  @Test
  void aValueOutOfRangeIsRefusedByName() {
    assertThatThrownBy(() -> parse("--eta", "0")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("eta 0.0 must be positive");
  }

  @Test
  void optionsNotGivenComeFromTheStrategysDefaultsAndGivenOnesWin() {
    TrainingOptions half = TrainingOptions.defaults().withEta(5e-5).withMomentum(0.85);
    LocalTrainingOptions none = new LocalTrainingOptions();
    Cli.commandLine(none).parseArgs();
    LocalTrainingOptions eta = new LocalTrainingOptions();
    Cli.commandLine(eta).parseArgs("--eta", "2e-4");

    assertThat(none.options(half)).isEqualTo(half);
    assertThat(eta.options(half)).isEqualTo(half.withEta(2e-4));
  }

  @Test
  void adamTakesItsOwnDefaultStepUnlessEtaIsGivenAndMinibatchesReachTheTraining() {
    assertThat(parse("--optimizer", "adam", "--batch", "32")).isEqualTo(TrainingOptions.defaults()
        .withOptimizer(org.dhtfl.ml.Optimizer.ADAM).withEta(org.dhtfl.ml.Optimizer.ADAM.defaultEta()).withBatch(32));
    assertThat(parse("--optimizer", "adam", "--eta", "3e-3").eta()).isEqualTo(3e-3);
  }

  @Test
  void theSgdStepsOptionsAreRefusedWithAdamNamingThem() {
    assertThatThrownBy(() -> parse("--optimizer", "adam", "--momentum", "0.9"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--momentum is the sgd step's");
    assertThatThrownBy(() -> parse("--optimizer", "adam", "--eta-per-row"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--eta-per-row is the sgd step's");
    assertThatThrownBy(() -> parse("--batch", "-1")).hasMessageStartingWith("--batch -1 must be at least 1");
  }
}
