package org.dhtfl.client.runfolder;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.IntToDoubleFunction;
import java.util.stream.IntStream;
import org.dhtfl.cli.Version;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.ServerOptimizerKind;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.calibration.Candidate;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * run.json and report.json byte for byte, as the resources beside this class hold them: a run
 * with every optional field (layers, a minibatch step, standardisation, a robust strategy under a
 * server optimizer, a calibrated round, a failed file, a failure, a resumption, the final round),
 * so that a change of the format is a change of those files. {@code @VERSION@} stands for the build's version.
 */
class RunFolderFormatTest {

  private static final Instant STARTED = Instant.parse("2025-01-02T03:04:05Z");

  @TempDir
  Path dir;

  private static double[] features(IntToDoubleFunction value) {
    return IntStream.range(0, 16).mapToDouble(value).toArray();
  }

  private static FederatedTraining.Settings settings() {
    TrainingConfig d = TrainingConfig.defaults();
    TrainingConfig training = new TrainingConfig(ModelKind.MLP, List.of(2, 3), 26, 3,
        d.options().withEpochs(10).withBatch(32).withOptimizer(Optimizer.ADAM).withEta(3e-3), StartWeights.HE,
        Optional.of(new Standardization(features(i -> i + 0.5), features(i -> (i + 1) / 8.0))));
    StrategySettings krum = StrategySettings.of(Strategy.MULTI_KRUM, Optional.of(ServerOptimizerKind.ADAM),
        Map.of(Strategy.Param.BYZANTINE, 2, ServerOptimizerKind.Param.SERVER_LR, 0.03));
    return new FederatedTraining.Settings(Path.of("/data/letters"), Path.of("/data/validate_letters.txt"), 7, 2,
        training, 0.5, Duration.ofSeconds(120), krum, new Participation(0.75, 3), true, true, RpcSettings.DEFAULTS);
  }

  private static FederatedTraining.Round firstRound(Weights trained, Weights refit) {
    JobResult done = new JobResult("shard-1", JobStatus.DONE,
        Optional.of(new WeightRows("mlp", new double[][] {{0.5}}, new double[][] {{-0.25}})), 0.125, 500, 42, 1234,
        OptionalInt.of(19), 3, "he", "");
    JobResult failed = JobResult.failed("shard-2", 51, "node 51 ran out of memory");
    JobResult unanswered = new JobResult("shard-3", JobStatus.FAILED, Optional.empty(), 0, 0, 0, 0,
        OptionalInt.empty(), 3, "he", "no node answered");
    List<FileOutcome> files = List.of(new FileOutcome("shard-1", 58, done, 2, List.of("node 6 refused: not the owner")),
        new FileOutcome("shard-2", 12, failed, 1, List.of()), new FileOutcome("shard-3", 40, unanswered, 3, List.of()));
    Calibration calibration = new Calibration(List.of(
        new Calibration.Scored(new Candidate("round 1 model", trained), 300, 1000),
        new Calibration.Scored(new Candidate("round 1 model, refit head", refit), 600, 1000)), 1, 2,
        Map.of("shard-2", "node 51 ran out of memory"), List.of("one file had no statistics"));
    return new FederatedTraining.Round(1, files, 1, 0.4375, 2048,
        Optional.of(new FederatedTraining.HeadChoice(calibration, List.of(0.71, 0.4375))));
  }

  private String resource(String name) throws IOException {
    try (InputStream in = getClass().getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("@VERSION@", Version.current());
    }
  }

  @Test
  void aFailedThenResumedAndFinishedRunWritesItsFilesByteForByte() throws IOException {
    // Arrange
    FederatedTraining.Settings settings = settings();
    Weights trained = settings.training().startWeights(16);
    Weights refit = trained.scaled(0.5);
    ServerState state = ServerState.EMPTY.with("m", new double[trained.v().length + trained.w().length])
        .with("v", new double[trained.v().length + trained.w().length]);

    // Act: round 1, a failure in round 2, then round 2 of the resumed run
    // A fixed secret, so that the run id the files record is fixed (run-8f2b2bb91c392dd2c37c9101ab6f6dad).
    RunFolder folder = RunFolder.start(dir, RunSecret.of("golden-run-secret-of-the-format-test-0000"), settings, STARTED);
    folder.roundDone(firstRound(trained, refit), new Aggregate(trained, state), false);
    folder.failed("round 2: node 6 does not answer");
    String failedState = Files.readString(dir.resolve(RunFolder.STATE));
    String failedReport = Files.readString(dir.resolve(RunFolder.REPORT));
    RunFolder resumed = RunFolder.resume(dir, STARTED.plusSeconds(3600));
    resumed.roundDone(new FederatedTraining.Round(2, List.of(), 0, 0.40625, 999), new Aggregate(refit, state), true);

    // Assert
    assertThat(failedState).isEqualTo(resource("failed-run.json"));
    assertThat(failedReport).isEqualTo(resource("failed-report.json"));
    assertThat(Files.readString(dir.resolve(RunFolder.STATE))).isEqualTo(resource("finished-run.json"));
    assertThat(Files.readString(dir.resolve(RunFolder.REPORT))).isEqualTo(resource("finished-report.json"));
  }
}
