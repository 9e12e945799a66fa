package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.systest.tools.flsim.FederatedSimulator;
import org.dhtfl.systest.tools.flsim.HeadCalibration;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * --calibrate-head on real processes: three nodes with empty data folders (the queries, like the jobs,
 * carry the files' bytes) train six files of real letters sorted by label, where the trained head is
 * poor. The run delivers a refit head, records the choice and every candidate in report.json, and its
 * model is, bit for bit, what the in-process simulator's select-best gives; a run killed after round 2
 * and resumed ends with the same model.
 */
class CalibratedHeadIT {

  private static final int ROUNDS = 3;
  private static final int EPOCHS = 200;
  private static final Path DATA = LocalCluster.project().resolve("data");

  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The first six shards' 3,000 rows sorted by label (stably), cut in order into six files of 500. */
  private Path sortedSplit() throws Exception {
    List<String> rows = new ArrayList<>();
    for (String shard : DataFiles.list(DATA.resolve("letters"), 6)) {
      Files.readAllLines(DATA.resolve("letters").resolve(shard), StandardCharsets.US_ASCII).stream()
          .filter(l -> !l.isBlank()).forEach(rows::add);
    }
    rows.sort(Comparator.comparingInt(l -> Integer.parseInt(l.substring(l.lastIndexOf(',') + 1).trim())));
    Path dir = Files.createDirectories(cluster.dir().resolve("sorted"));
    for (int f = 0; f < 6; f++) {
      Files.write(dir.resolve("shard-" + f), rows.subList(500 * f, 500 * (f + 1)), StandardCharsets.US_ASCII);
    }
    return dir;
  }

  private Process client(String name, Path data, Path out) throws Exception {
    return cluster.start(name, LocalCluster.jar("client"), List.of("127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.toString(), "--validate",
        DATA.resolve("validate_letters.txt").toString(), "--rounds", String.valueOf(ROUNDS), "--epochs",
        String.valueOf(EPOCHS), "--no-early-stop", "--strategy", "fedavgm", "--calibrate-head", "--out",
        out.toString()));
  }

  private static int finish(Process client) throws Exception {
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).as("client finished").isTrue();
    return client.exitValue();
  }

  @Test
  void theRingDeliversTheRefitHeadTheSimulatorChoosesAndResumesToIt() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "calibrated-head"), 3);
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
    }
    Path data = sortedSplit();

    Path whole = cluster.dir().resolve("whole");
    assertThat(finish(client("whole", data, whole))).as(cluster.log("whole")).isZero();

    Weights delivered = ModelFile.load(whole.resolve("model.txt"));
    JsonNode report = new ObjectMapper().readTree(whole.resolve("report.json").toFile());
    String chosen = report.at("/calibration/chosen").asText();
    assertThat(chosen).as("the delivered model, report.json").endsWith(", refit head");
    assertThat(report.at("/options/calibrate_head").asBoolean()).isTrue();
    JsonNode first = report.at("/rounds/0/calibration");
    assertThat(first.get("candidates")).extracting(c -> c.get("label").asText()).containsExactly("start model",
        "start model, refit head", "round 1 model", "round 1 model, refit head");
    assertThat(first.get("files").asInt()).isEqualTo(6);
    assertThat(first.get("training_rows").asInt()).isEqualTo(3000);
    assertThat(report.at("/rounds/" + (ROUNDS - 1) + "/calibration/chosen").asText()).isEqualTo(chosen);
    JsonNode state = new ObjectMapper().readTree(whole.resolve("run.json").toFile());
    assertThat(state.at("/calibrated/label").asText()).isEqualTo(chosen);

    FederatedSimulator.Run simulated = simulate(data);
    assertThat(delivered).as("model.txt against the simulator's select-best").isEqualTo(simulated.model());
    assertThat(report.get("final_validation_error").asDouble()).isEqualTo(simulated.errors()[ROUNDS - 1])
        .isEqualTo(Trainer.errorRate(delivered, CsvData.read(DATA.resolve("validate_letters.txt"), 26)));

    Path killed = cluster.dir().resolve("killed");
    Process client = client("killed", data, killed);
    cluster.awaitLog("killed", "Round 2/" + ROUNDS);
    client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    assertThat(new ObjectMapper().readTree(killed.resolve("run.json").toFile()).get("rounds").size())
        .as("rounds in run.json when killed").isEqualTo(2);
    int exit = cluster.run("resumed", "client", Duration.ofSeconds(240), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--resume", killed.toString());
    assertThat(exit).as(cluster.log("resumed")).isZero();
    assertThat(cluster.log("resumed")).contains("Round 3/" + ROUNDS).contains("head calibration");
    assertThat(Files.readAllBytes(killed.resolve("model.txt"))).as("model.txt of the resumed run, byte for byte")
        .isEqualTo(Files.readAllBytes(whole.resolve("model.txt")));
  }

  /** The same run in one process: FedAvgM, the same training, select-best calibration. */
  private static FederatedSimulator.Run simulate(Path data) throws Exception {
    TrainingConfig d = TrainingConfig.defaults();
    StrategySettings fedavgm = StrategySettings.of(Strategy.FEDAVGM, Optional.empty(), Map.of());
    // The client's fedavgm trains the nodes with its own step (localDefaults), as the simulator must.
    TrainingOptions options = fedavgm.localDefaults().withEpochs(EPOCHS).withEarlyStop(false);
    TrainingConfig training = new TrainingConfig(d.kind(), d.hidden(), d.classes(), d.seed(), options, d.init());
    try (FederatedSimulator simulator = new FederatedSimulator(FederatedSimulator.shards(data, 26),
        CsvData.read(DATA.resolve("validate_letters.txt"), 26), training, 2)) {
      return simulator.run(fedavgm, Participation.all(), ROUNDS, FederatedSimulator.Poison.NONE,
          HeadCalibration.SELECT_BEST);
    }
  }
}
