package org.dhtfl.systest.tools.flsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.ClientResult;
import org.junit.jupiter.api.Test;

class FederatedSimulatorTest {

  private static final Path DATA = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
      .resolve("data");

  @Test
  void oneRoundOfFedAvgOnTheRealShardsValidatesAsTheReferenceJobDoes() throws Exception {
    List<FederatedSimulator.Shard> shards = FederatedSimulator.shards(DATA.resolve("letters"), 26);
    Dataset validation = CsvData.read(DATA.resolve("validate_letters.txt"), 26);

    FederatedSimulator.Run run;
    try (FederatedSimulator simulator = new FederatedSimulator(shards, validation, TrainingConfig.defaults(), 2)) {
      run = simulator.run(StrategySettings.fedAvg(), Participation.all(), 1, FederatedSimulator.Poison.NONE);
    }

    // The client's reference job on the 33 shards prints 41.09%.
    assertThat(run.errors()).hasSize(1);
    assertThat(100 * run.errors()[0]).isCloseTo(41.09, within(0.005));
    assertThat(run.trainingErrors()[0]).isBetween(0.3, 0.5);
  }

  @Test
  void theNodesTrainWithTheOptionsOfTheRun() throws Exception {
    Dataset shard = CsvData.read(DATA.resolve("letters").resolve("zx0uRKUQj5"), 26);
    Dataset validation = CsvData.read(DATA.resolve("validate_letters.txt"), 26);
    TrainingConfig config = TrainingConfig.defaults();
    TrainingOptions options = config.options().withEta(5e-5).withEpochs(30);
    Weights trained = Trainer.train(config.startWeights(16), shard, options).trained();

    FederatedSimulator.Run run;
    try (FederatedSimulator simulator = new FederatedSimulator(
        List.of(new FederatedSimulator.Shard("a", Optional.of(shard), "")), validation, config, 1)) {
      run = simulator.run(StrategySettings.fedAvg(), options, Participation.all(), 1, FederatedSimulator.Poison.NONE,
          HeadCalibration.NONE);
    }

    // FedAvg of one result is that node's model.
    assertThat(run.errors()[0]).isEqualTo(Trainer.errorRate(trained, validation));
    assertThat(run.errors()[0]).isNotEqualTo(Trainer.errorRate(
        Trainer.train(config.startWeights(16), shard, config.options()).trained(), validation));
  }

  @Test
  void aFileWithoutRowsIsAFailureOfTheRoundNotAnError() throws Exception {
    Dataset shard = CsvData.read(DATA.resolve("letters").resolve("zx0uRKUQj5"), 26);
    List<FederatedSimulator.Shard> shards = List.of(new FederatedSimulator.Shard("a", Optional.of(shard), ""),
        new FederatedSimulator.Shard("b", Optional.empty(), "no rows"));

    try (FederatedSimulator simulator = new FederatedSimulator(shards, shard, TrainingConfig.defaults(), 1)) {
      FederatedSimulator.Run run = simulator.run(StrategySettings.fedAvg(), Participation.all(), 1,
          FederatedSimulator.Poison.NONE);

      assertThat(run.errors()[0]).isLessThan(0.5);
    }
  }

  @Test
  void thePoisonTakesFilesSpreadOverTheListAndTurnsTheirChangeAroundScaled() {
    List<String> files = List.of("a", "b", "c", "d", "e", "f", "g", "h", "i");
    Weights delta = Weights.of(ModelShape.logistic(1, 2), new double[] {1, -2, 0, 0.5}, new double[0]);

    FederatedSimulator.Poison poison = FederatedSimulator.Poison.spread(files, 3, 10);

    assertThat(poison.files()).containsExactly("a", "d", "g");
    assertThat(poison.apply(new ClientResult("d", delta, 5)))
        .isEqualTo(new ClientResult("d", delta.scaled(-10), 5));
    assertThat(poison.apply(new ClientResult("b", delta, 5))).isEqualTo(new ClientResult("b", delta, 5));
  }
}
