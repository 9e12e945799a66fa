package org.dhtfl.client.rounds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.DeltaAggregator;
import org.dhtfl.ml.federated.ServerOptimizer;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.ml.federated.ServerStrategy;
import org.dhtfl.ring.IdSpace;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoundEngineTest {

  private static final ModelShape SHAPE = ModelShape.logistic(1, 2);
  private static final Duration DEADLINE = Duration.ofSeconds(1);

  @TempDir
  Path dataDir;

  private final InMemoryRing ring = new InMemoryRing();
  private final CountingClock clock = new CountingClock();

  @BeforeEach
  void writeFiles() throws IOException {
    for (String file : List.of("a", "b", "c", "d")) {
      // One row each, and bytes of their own.
      Files.writeString(dataDir.resolve(file), "0.5," + file + "\n", StandardCharsets.UTF_8);
    }
  }

  @Test
  void aLostJobIsSubmittedAgainAndTrained() throws Exception {
    ring.trains("a", 1.0).losesFirstJob("a");

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 1.0)).run(round(1, "a"));

    assertThat(outcome.files().get(0).result().status()).isEqualTo(JobStatus.DONE);
    assertThat(outcome.files().get(0).submissions()).isEqualTo(2);
    assertThat(ring.jobsTrained("a")).isEqualTo(2);
    assertThat(values(outcome.model().orElseThrow())).containsOnly(1.0);
  }

  @Test
  void aDuplicateResultIsCountedOnce() throws Exception {
    ring.trains("a", 1.0).losesFirstJob("a").trains("b", 4.0);

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 1.0)).run(round(1, "a", "b"));

    assertThat(ring.jobsTrained("a")).isEqualTo(2);
    assertThat(outcome.results()).extracting(r -> r.source()).containsExactly("a", "b");
    // Both files weigh one row: the mean of 1 and 4, where counting a twice would give 2.
    assertThat(values(outcome.model().orElseThrow())).containsOnly(2.5);
  }

  @Test
  void needDataIsAnsweredWithExactlyTheFilesBytes() throws Exception {
    ring.trains("a", 1.0).needsData("a");

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 1.0)).run(round(1, "a"));

    byte[] file = Files.readAllBytes(dataDir.resolve("a"));
    assertThat(ring.dataReceived("a")).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(file));
    assertThat(ring.submitCalls("a")).isEqualTo(2);
    assertThat(outcome.files().get(0).submissions()).isEqualTo(1);
    assertThat(outcome.files().get(0).result().status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aDeadlineWithTheMinimumFractionMetCompletesTheRoundWithTheMissingFilesFailed() throws Exception {
    ring.trains("a", 1.0).trains("b", 1.0).trains("c", 1.0).trains("d", 1.0).neverFinishes("d");

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 0.75)).run(round(2, "a", "b", "c", "d"));

    assertThat(outcome.results()).extracting(r -> r.source()).containsExactly("a", "b", "c");
    assertThat(outcome.failures()).singleElement().satisfies(f -> {
      assertThat(f.source()).isEqualTo("d");
      assertThat(f.reason()).isEqualTo("no result within 1 s");
    });
    assertThat(outcome.files().get(3).result().status()).isEqualTo(JobStatus.FAILED);
    assertThat(clock.elapsed()).isGreaterThanOrEqualTo(DEADLINE);
    assertThat(values(outcome.model().orElseThrow())).containsOnly(1.0);
  }

  @Test
  void aDeadlineWithTheMinimumFractionMissedFailsTheRunNamingTheRoundAndMinFraction() {
    ring.trains("a", 1.0).trains("b", 1.0).trains("c", 1.0).trains("d", 1.0).neverFinishes("c").neverFinishes("d");
    RoundEngine engine = engine(RoundPolicy.rounds(DEADLINE, 0.75));

    assertThatThrownBy(() -> engine.run(round(3, "a", "b", "c", "d")))
        .isInstanceOf(RoundFailed.class)
        .hasMessageStartingWith("round 3: 2 of 4 files trained within 1 s")
        .hasMessageContaining("--min-fraction 0.75");
  }

  @Test
  void withoutAStartModelTheFirstFileSetsTheStartAndFilesFromOtherStartWeightsFail() throws Exception {
    ring.trains("a", 1.0, 1).trains("b", 4.0, 2);

    RoundOutcome outcome = engine(RoundPolicy.reference(DEADLINE))
        .run(RoundJob.reference(List.of("a", "b"), JobValues.spec(TrainingConfig.defaults())));

    Weights start = StartWeights.GLIBC.draw(SHAPE, 1);
    assertThat(outcome.model()).contains(start.plus(Weights.of(SHAPE, new double[] {1, 1, 1, 1}, new double[0])));
    assertThat(outcome.failures()).singleElement()
        .satisfies(f -> assertThat(f.reason()).contains("other start weights"));
  }

  @Test
  void aResultWithTwoBillionRowsIsRejectedAndTheFileTrainedAgain() throws Exception {
    ring.trains("a", 1.0).trains("b", 4.0).answersWrongUntilRetrained("a", r -> new JobResult(r.filename(),
        r.status(), r.delta(), r.errorRate(), 2_000_000_000, r.epochs(), r.trainMillis(), r.trainedBy(), r.seed(),
        r.init(), ""));

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 1.0)).run(round(1, "a", "b"));

    assertThat(ring.retrainRequests("a")).isEqualTo(1);
    FileOutcome a = outcome.files().get(0);
    assertThat(a.submissions()).isEqualTo(2);
    assertThat(a.rejected()).singleElement().asString()
        .isEqualTo("from node 7: 2000000000 rows reported, the file has 1");
    // Weighted by the rows the client knows (one each): the mean of 1 and 4.
    assertThat(values(outcome.model().orElseThrow())).containsOnly(2.5);
  }

  @Test
  void aResultOfTheWrongShapeOrSeedIsRejectedAndTheRoundCompletes() throws Exception {
    WeightRows wider = new WeightRows("logistic", new double[][] {{1, 1, 1}, {1, 1, 1}}, new double[0][]);
    ring.trains("a", 1.0).trains("b", 1.0)
        .answersWrongUntilRetrained("a", r -> new JobResult(r.filename(), r.status(), Optional.of(wider),
            r.errorRate(), r.rows(), r.epochs(), r.trainMillis(), r.trainedBy(), r.seed(), r.init(), ""))
        .answersWrongUntilRetrained("b", r -> new JobResult(r.filename(), r.status(), r.delta(), r.errorRate(),
            r.rows(), r.epochs(), r.trainMillis(), r.trainedBy(), 99, r.init(), ""));

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 1.0)).run(round(1, "a", "b"));

    assertThat(outcome.files().get(0).rejected()).singleElement().asString().contains("weights of shape")
        .contains("the job's model is");
    assertThat(outcome.files().get(1).rejected()).singleElement().asString().contains("seed 99");
    assertThat(outcome.results()).hasSize(2);
    assertThat(values(outcome.model().orElseThrow())).containsOnly(1.0);
  }

  @Test
  void aChangeFarBeyondTheOthersIsNotAveragedAndTheRoundCompletes() throws Exception {
    ring.trains("a", 1.0).trains("b", 1.0).trains("c", 1.0).trains("d", 1e5);

    RoundOutcome outcome = engine(RoundPolicy.rounds(DEADLINE, 0.5)).run(round(1, "a", "b", "c", "d"));

    assertThat(outcome.failures()).singleElement().satisfies(f -> {
      assertThat(f.source()).isEqualTo("d");
      assertThat(f.reason()).contains("more than 10 times the median norm");
    });
    assertThat(values(outcome.model().orElseThrow())).containsOnly(1.0);
  }

  @Test
  void aResultStillWrongAfterEverySubmissionFailsTheFileNotTheRun() throws Exception {
    ring.trains("a", 1.0).trains("b", 1.0).answersWrongUntilRetrained("a", r -> new JobResult(r.filename(),
        r.status(), r.delta(), Double.NaN, r.rows(), r.epochs(), r.trainMillis(), r.trainedBy(), r.seed(),
        r.init(), ""));
    InMemoryRing stubborn = ring;
    RoundEngine engine = new RoundEngine(new JobRing() {
      @Override
      public org.dhtfl.jobs.SubmitAnswer submit(org.dhtfl.jobs.JobRequest request) {
        // Drops the retrain flag: the owner keeps answering with the broken result.
        return stubborn.submit(new org.dhtfl.jobs.JobRequest(request.key(), request.spec(), request.start(),
            request.data()));
      }

      @Override
      public JobResult poll(org.dhtfl.jobs.JobKey key) {
        return stubborn.poll(key);
      }
    }, RoundPolicy.rounds(DEADLINE, 0.5), ServerStrategy.fedAvg(), new Silent(), dataDir, new IdSpace(6), clock);

    RoundOutcome outcome = engine.run(round(1, "a", "b"));

    assertThat(outcome.failures()).singleElement().satisfies(f -> {
      assertThat(f.source()).isEqualTo("a");
      assertThat(f.reason()).contains("rejected result: training error NaN is not in [0, 1]");
    });
    assertThat(outcome.files().get(0).rejected()).hasSize(outcome.files().get(0).submissions());
  }

  @Test
  void theStrategyStartsFromTheJobsServerStateAndTheOutcomeCarriesItsNextState() throws Exception {
    ring.trains("a", 1.0).trains("b", 3.0);
    ServerStrategy momentum = new ServerStrategy(DeltaAggregator.weightedMean(), ServerOptimizer.momentum(1, 0.5));
    ServerState kept = ServerState.EMPTY.with("momentum", new double[] {2, 2, 2, 2});
    RoundEngine engine = new RoundEngine(ring, RoundPolicy.rounds(DEADLINE, 1.0), momentum, new Silent(), dataDir,
        new IdSpace(6), clock);

    RoundOutcome outcome = engine.run(new RoundJob("run-test", 2, List.of("a", "b"),
        JobValues.spec(TrainingConfig.defaults()), Optional.of(Weights.zeros(SHAPE)), kept));

    // the mean change is 2; momentum 0.5 * 2 + 2 = 3, and the model moves by it
    assertThat(outcome.aggregate().orElseThrow().state().get("momentum")).hasValue(new double[] {3, 3, 3, 3});
    assertThat(values(outcome.model().orElseThrow())).containsOnly(3.0);
  }

  @Test
  void aRingThatTakesManyFilesAtOnceGetsTheRoundsJobsInOneCallAndItsBytesInASecond() throws Exception {
    ring.trains("a", 1.0).trains("b", 2.0).trains("c", 3.0).needsData("c");
    Batching batching = new Batching(ring);
    RoundEngine engine = new RoundEngine(batching, RoundPolicy.rounds(DEADLINE, 1.0), ServerStrategy.fedAvg(),
        new Silent(), dataDir, new IdSpace(6), clock);

    RoundOutcome outcome = engine.run(round(1, "a", "b", "c"));

    assertThat(outcome.results()).extracting(r -> r.source()).containsExactly("a", "b", "c");
    assertThat(batching.submitCalls).containsExactly(List.of("a", "b", "c"), List.of("c"));
    assertThat(batching.pollCalls).containsExactly(List.of("a", "b", "c"));
    assertThat(ring.dataReceived("c")).isPresent();
  }

  @Test
  void aRingWhoseReadsWaitIsReadAgainWithoutAPauseAfterProgress() throws Exception {
    ring.trains("a", 1.0).trains("b", 2.0).losesFirstJob("b");
    Batching batching = new Batching(ring);
    RoundEngine engine = new RoundEngine(batching, RoundPolicy.rounds(DEADLINE, 1.0), ServerStrategy.fedAvg(),
        new Silent(), dataDir, new IdSpace(6), clock);

    engine.run(round(1, "a", "b"));

    // a is done in the first pass, b lost and sent again: the second pass follows at once
    assertThat(batching.pollCalls).containsExactly(List.of("a", "b"), List.of("b"));
    assertThat(batching.waits).allMatch(w -> w.compareTo(Duration.ZERO) > 0 && w.compareTo(DEADLINE) <= 0);
    assertThat(clock.elapsed()).isZero();
  }

  /** The in-memory ring behind calls for many files, which records what each call carried. */
  private static final class Batching implements JobRing {
    private final JobRing ring;
    final List<List<String>> submitCalls = new java.util.ArrayList<>();
    final List<List<String>> pollCalls = new java.util.ArrayList<>();
    final List<Duration> waits = new java.util.ArrayList<>();

    Batching(JobRing ring) {
      this.ring = ring;
    }

    @Override
    public org.dhtfl.jobs.SubmitAnswer submit(org.dhtfl.jobs.JobRequest request) {
      throw new AssertionError("a job sent alone: " + request.key());
    }

    @Override
    public JobResult poll(org.dhtfl.jobs.JobKey key) {
      throw new AssertionError("a result read alone: " + key);
    }

    @Override
    public List<Attempt<org.dhtfl.jobs.SubmitAnswer>> submitAll(List<org.dhtfl.jobs.JobRequest> requests) {
      submitCalls.add(requests.stream().map(r -> r.key().filename()).toList());
      return ring.submitAll(requests);
    }

    @Override
    public List<Attempt<JobResult>> pollAll(List<org.dhtfl.jobs.JobKey> keys, Duration wait) {
      pollCalls.add(keys.stream().map(org.dhtfl.jobs.JobKey::filename).toList());
      waits.add(wait);
      return ring.pollAll(keys, wait);
    }

    @Override
    public boolean waits() {
      return true;
    }
  }

  private RoundEngine engine(RoundPolicy policy) {
    return new RoundEngine(ring, policy, ServerStrategy.fedAvg(), new Silent(), dataDir, new IdSpace(6), clock);
  }

  private static RoundJob round(int number, String... files) {
    return new RoundJob("run-test", number, List.of(files),
        JobValues.spec(TrainingConfig.defaults()), Optional.of(Weights.zeros(SHAPE)), ServerState.EMPTY);
  }

  private static double[] values(Weights weights) {
    return weights.v();
  }

  private static final class Silent implements RoundReporter {
    @Override
    public void submitted(int round, List<String> files) {
    }

    @Override
    public void finished(int finished, int total) {
    }

    @Override
    public void pending(Set<String> pending, int total) {
    }
  }
}
