package org.dhtfl.systest.tools.flsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.ml.TrainingOptions;
import org.junit.jupiter.api.Test;

class FlBenchMainTest {

  @Test
  void aConfigTakesTheClientsOptionsOfTheNodesTraining() {
    FlBenchMain.Config config = FlBenchMain.parse("finer=--strategy fedavgm --eta 5e-5 --epochs 500");

    assertThat(config.label()).isEqualTo("finer");
    assertThat(config.strategy().strategy()).isEqualTo(Strategy.FEDAVGM);
    // What the options do not name comes from the strategy: fedavgm's nodes train with momentum 0.85.
    assertThat(config.training()).isEqualTo(TrainingOptions.defaults().withEta(5e-5).withMomentum(0.85).withEpochs(500));
  }

  @Test
  void aConfigWithoutThemTrainsAsTheReference() {
    FlBenchMain.Config config = FlBenchMain.parse("fedavg=");

    assertThat(config.training()).isEqualTo(TrainingOptions.defaults());
    assertThat(FlBenchMain.nodeTraining(config.training(), TrainingOptions.defaults())).isEmpty();
  }

  @Test
  void theLegendNamesWhatTheNodesTrainingChanges() {
    TrainingOptions finer = TrainingOptions.defaults().withEta(5e-5).withEpochs(500).withEarlyStop(false);

    assertThat(FlBenchMain.nodeTraining(finer, TrainingOptions.defaults()))
        .isEqualTo(", nodes: 500 epochs, eta 5.0E-5, no early stop");
  }
}
