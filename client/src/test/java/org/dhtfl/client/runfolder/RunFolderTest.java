package org.dhtfl.client.runfolder;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.ServerOptimizerKind;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.calibration.Candidate;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ml.federated.DeltaAggregator;
import org.dhtfl.ml.federated.ServerOptimizer;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.ml.federated.ServerStrategy;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The run folder as --resume reads it, without a ring: what a round leaves in run.json is what the
 * resumed run continues from, the server state of a stateful strategy included.
 */
class RunFolderTest {

  private static final RunSecret SECRET = RunSecret.of("the-secret-of-the-run-folder-test-run");

  private static final Instant STARTED = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir
  Path dir;

  private static FederatedTraining.Settings settings(int rounds) {
    return new FederatedTraining.Settings(Path.of("letters"), Path.of("validate_letters.txt"), 0, rounds,
        TrainingConfig.defaults(), 1.0, Duration.ofSeconds(300), StrategySettings.fedAvg(), Participation.all(),
        false, RpcSettings.DEFAULTS);
  }

  private static FederatedTraining.Round round(int number) {
    return new FederatedTraining.Round(number, List.of(), 3, 0.25, 10);
  }

  /** Round r's deltas: three clients with changes that differ by round and client, in awkward binary fractions. */
  private static List<ClientResult> results(Weights start, int round) {
    return List.of(1, 2, 3).stream()
        .map(c -> new ClientResult("shard-" + c, ones(start).scaled(0.1 * c - 0.07 * round), 100 * c))
        .toList();
  }

  private static Weights ones(Weights like) {
    double[] v = like.v();
    double[] w = like.w();
    Arrays.fill(v, 1);
    Arrays.fill(w, 1);
    return Weights.of(like.shape(), v, w);
  }

  @Test
  void theServerStateOfARoundRoundTripsThroughRunJsonBitForBit() throws IOException {
    // Arrange
    Weights model = TrainingConfig.defaults().startWeights(16);
    int size = model.v().length + model.w().length;
    double[] momentum = new double[size];
    for (int i = 0; i < size; i++) {
      momentum[i] = Math.PI * (i - 400) / 3 + (i % 7 == 0 ? 1e-300 : 0.1);
    }
    ServerState state = ServerState.EMPTY.with("momentum", momentum).with("second_moment", new double[] {Double.MIN_VALUE, -0.0});
    RunFolder folder = RunFolder.start(dir, SECRET, settings(5), STARTED);

    // Act
    folder.roundDone(round(1), new Aggregate(model, state), false);
    RunFolder resumed = RunFolder.resume(dir, STARTED.plusSeconds(60));

    // Assert
    assertThat(resumed.roundsDone()).isEqualTo(1);
    assertThat(resumed.last()).contains(new Aggregate(model, state));
    JsonNode report = new ObjectMapper().readTree(dir.resolve(RunFolder.REPORT).toFile());
    assertThat(report.has("server_state")).as("the state is in run.json, not in the report").isFalse();
    assertThat(report.has("model")).isFalse();
  }

  @Test
  void aRunResumedAfterRound2EndsWithTheModelOfAnUninterruptedRun() throws IOException {
    // Arrange: server momentum, whose third step depends on the momentum of the first two
    AggregationStrategy strategy = new ServerStrategy(DeltaAggregator.weightedMean(), ServerOptimizer.momentum(0.7, 0.9));
    Aggregate start = new Aggregate(TrainingConfig.defaults().startWeights(16), ServerState.EMPTY);
    Aggregate uninterrupted = start;
    for (int r = 1; r <= 3; r++) {
      uninterrupted = strategy.aggregate(uninterrupted.model(), uninterrupted.state(), results(start.model(), r), List.of());
    }

    // Act: two rounds recorded in the folder, then the third from what --resume reads back
    RunFolder folder = RunFolder.start(dir, SECRET, settings(3), STARTED);
    Aggregate after = start;
    for (int r = 1; r <= 2; r++) {
      after = strategy.aggregate(after.model(), after.state(), results(start.model(), r), List.of());
      folder.roundDone(round(r), after, false);
    }
    Aggregate resumed = RunFolder.resume(dir, STARTED.plusSeconds(60)).last().orElseThrow();
    Aggregate third = strategy.aggregate(resumed.model(), resumed.state(), results(start.model(), 3), List.of());

    // Assert
    assertThat(resumed.state().names()).containsExactly("momentum");
    assertThat(third).isEqualTo(uninterrupted);
  }

  @Test
  void theStrategyItsSettingsAndTheFractionAreRecordedAndReadBack() throws IOException {
    StrategySettings median = StrategySettings.of(Strategy.TRIMMED_MEAN, Optional.of(ServerOptimizerKind.YOGI),
        Map.of(Strategy.Param.TRIM, 0.2, ServerOptimizerKind.Param.SERVER_LR, 0.03));
    FederatedTraining.Settings settings = new FederatedTraining.Settings(Path.of("letters").toAbsolutePath(),
        Path.of("validate_letters.txt").toAbsolutePath(), 0, 4, TrainingConfig.defaults(), 0.5, Duration.ofSeconds(300),
        median, new Participation(0.3, TrainingConfig.defaults().seed()), true, RpcSettings.DEFAULTS);

    RunFolder.start(dir, SECRET, settings, STARTED).failed("stopped by the test");
    JsonNode options = new ObjectMapper().readTree(dir.resolve(RunFolder.REPORT).toFile()).get("options");

    assertThat(RunFolder.resume(dir, STARTED).settings(RpcSettings.DEFAULTS)).isEqualTo(settings);
    assertThat(options.get("strategy").asText()).isEqualTo("trimmed-mean");
    assertThat(options.get("server_optimizer").asText()).isEqualTo("yogi");
    assertThat(options.get("trim").asDouble()).isEqualTo(0.2);
    assertThat(options.get("beta2").asDouble()).isEqualTo(0.99);
    assertThat(options.get("fraction").asDouble()).isEqualTo(0.3);
    assertThat(options.has("server_momentum")).isFalse();
    assertThat(options.get("calibrate_head").asBoolean()).isTrue();
    assertThat(options.get("describe").asText()).endsWith("; calibrated head");
  }

  @Test
  void aLayeredModelItsStepAndItsStandardisationAreRecordedAndReadBack() throws IOException {
    TrainingConfig d = TrainingConfig.defaults();
    TrainingConfig training = new TrainingConfig(ModelKind.MLP, List.of(256, 128), 26, 3,
        d.options().withEpochs(10).withBatch(32).withOptimizer(Optimizer.ADAM).withEta(3e-3), StartWeights.HE,
        Optional.of(new Standardization(new double[] {1, 2}, new double[] {0.5, 4})));
    FederatedTraining.Settings settings = new FederatedTraining.Settings(Path.of("letters").toAbsolutePath(),
        Path.of("validate_letters.txt").toAbsolutePath(), 0, 4, training, 1.0, Duration.ofSeconds(300),
        StrategySettings.of(Strategy.FEDAVG, Optional.empty(), Map.of()), new Participation(1, 3), false, true,
        RpcSettings.DEFAULTS);

    RunFolder.start(dir, SECRET, settings, STARTED).failed("stopped by the test");

    FederatedTraining.Settings back = RunFolder.resume(dir, STARTED).settings(RpcSettings.DEFAULTS);
    assertThat(back).isEqualTo(settings);
    assertThat(back.needsStandardization()).isFalse();
  }

  @Test
  void fedProxsProximalTermIsReadBackIntoTheTrainingOptions() throws IOException {
    StrategySettings fedProx = StrategySettings.of(Strategy.FEDPROX, Optional.empty(), Map.of(Strategy.Param.MU, 0.1));
    TrainingConfig d = TrainingConfig.defaults();
    TrainingConfig training = new TrainingConfig(d.kind(), d.hidden(), d.classes(), d.seed(),
        fedProx.localTraining(d.options()), d.init());
    FederatedTraining.Settings settings = new FederatedTraining.Settings(Path.of("letters").toAbsolutePath(),
        Path.of("validate_letters.txt").toAbsolutePath(), 0, 4, training, 1.0, Duration.ofSeconds(300), fedProx,
        new Participation(1, d.seed()), false, RpcSettings.DEFAULTS);

    RunFolder.start(dir, SECRET, settings, STARTED).failed("stopped by the test");

    FederatedTraining.Settings back = RunFolder.resume(dir, STARTED).settings(RpcSettings.DEFAULTS);
    assertThat(back).isEqualTo(settings);
    assertThat(back.training().options().mu()).isEqualTo(0.1);
  }

  @Test
  void aCalibratedRoundSavesTheChosenModelRecordsEveryCandidateAndResumesWithBoth() throws IOException {
    // Arrange: the trained model and a refit head of it, the refit one chosen
    Weights trained = TrainingConfig.defaults().startWeights(16);
    Weights refit = trained.plus(ones(trained).scaled(0.125));
    Candidate chosen = new Candidate("round 1 model, refit head", refit);
    Calibration calibration = new Calibration(List.of(
        new Calibration.Scored(new Candidate("round 1 model", trained), 300, 1000),
        new Calibration.Scored(chosen, 600, 1000)), 1, 2, Map.of(), List.of());
    FederatedTraining.Round round = new FederatedTraining.Round(1, List.of(), 2, 0.45, 10,
        Optional.of(new FederatedTraining.HeadChoice(calibration, List.of(0.71, 0.45))));
    RunFolder folder = RunFolder.start(dir, SECRET, settings(3), STARTED);

    // Act
    folder.roundDone(round, new Aggregate(trained, ServerState.EMPTY), false);
    RunFolder resumed = RunFolder.resume(dir, STARTED.plusSeconds(60));

    // Assert
    assertThat(ModelFile.load(dir.resolve(RunFolder.MODEL))).isEqualTo(refit);
    assertThat(resumed.last()).contains(new Aggregate(trained, ServerState.EMPTY));
    assertThat(resumed.calibrated()).contains(chosen);
    JsonNode report = new ObjectMapper().readTree(dir.resolve(RunFolder.REPORT).toFile());
    assertThat(report.has("calibrated")).as("the chosen weights are in run.json, not in the report").isFalse();
    assertThat(report.at("/calibration/chosen").asText()).isEqualTo("round 1 model, refit head");
    assertThat(report.at("/calibration/training_error").asDouble()).isEqualTo(0.4);
    JsonNode recorded = report.at("/rounds/0/calibration");
    assertThat(recorded.get("chosen").asText()).isEqualTo("round 1 model, refit head");
    assertThat(recorded.at("/candidates/0/label").asText()).isEqualTo("round 1 model");
    assertThat(recorded.at("/candidates/0/training_error").asDouble()).isEqualTo(0.7);
    assertThat(recorded.at("/candidates/0/validation_error").asDouble()).isEqualTo(0.71);
    assertThat(recorded.at("/candidates/1/correct").asLong()).isEqualTo(600);
  }

  @Test
  void aRunJsonWrittenBeforeStrategiesKeptStateResumesWithNone() throws IOException {
    RunFolder folder = RunFolder.start(dir, SECRET, settings(2), STARTED);
    Weights model = TrainingConfig.defaults().startWeights(16);
    folder.roundDone(round(1), new Aggregate(model, ServerState.EMPTY), false);
    ObjectMapper json = new ObjectMapper();
    ObjectNode old = (ObjectNode) json.readTree(dir.resolve(RunFolder.STATE).toFile());
    old.remove("server_state");
    ((ObjectNode) old.get("options")).remove("calibrate_head");
    Files.writeString(dir.resolve(RunFolder.STATE), json.writeValueAsString(old));

    RunFolder resumed = RunFolder.resume(dir, STARTED);
    assertThat(resumed.last()).contains(new Aggregate(model, ServerState.EMPTY));
    assertThat(resumed.settings(RpcSettings.DEFAULTS).calibrateHead()).isFalse();
    assertThat(resumed.calibrated()).isEmpty();
  }

  @Test
  void aNewRunKeepsItsSecretReadableByItsOwnerAloneAndIsNamedByTheSecretsHash() throws IOException {

    RunFolder folder = RunFolder.start(dir, SECRET, settings(2), STARTED);
    folder.failed("stopped by the test");

    Path file = dir.resolve(RunFolder.SECRET);
    assertThat(Files.readString(file).strip()).isEqualTo(SECRET.value());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThat(folder.runId()).isEqualTo(SECRET.runId()).matches("run-[0-9a-f]{32}");
    assertThat(Files.readString(dir.resolve(RunFolder.STATE))).contains(SECRET.runId()).doesNotContain(SECRET.value());
    assertThat(Files.readString(dir.resolve(RunFolder.REPORT))).doesNotContain(SECRET.value());
  }

  @Test
  void aResumedRunShowsTheNodesTheSecretItStartedWith() throws IOException {
    RunFolder.start(dir, SECRET, settings(2), STARTED).failed("stopped by the test");

    RunFolder resumed = RunFolder.resume(dir, STARTED.plusSeconds(60));

    assertThat(resumed.secret()).isEqualTo(SECRET);
    assertThat(resumed.runId()).isEqualTo(SECRET.runId());
  }

  @Test
  void aFolderWithoutASecretResumesUnderANewSecretAndOneOfAnotherRunIsRefused() throws IOException {
    RunFolder.start(dir, SECRET, settings(2), STARTED).failed("stopped by the test");
    Files.delete(dir.resolve(RunFolder.SECRET));

    RunFolder renewed = RunFolder.resume(dir, STARTED.plusSeconds(60));
    Files.writeString(dir.resolve(RunFolder.SECRET), SECRET.value() + "\n");

    assertThat(renewed.secret()).isNotEqualTo(SECRET);
    assertThat(renewed.runId()).isEqualTo(renewed.secret().runId());
    assertThat(Files.readString(dir.resolve(RunFolder.STATE))).contains("\"new_run_id\": \"" + renewed.runId());
    assertThatThrownBy(() -> RunFolder.resume(dir, STARTED.plusSeconds(120))).isInstanceOf(IOException.class)
        .hasMessageContaining("holds the secret of " + SECRET.runId() + ", not of the recorded run " + renewed.runId())
        .hasMessageNotContaining(SECRET.value());
  }
}
