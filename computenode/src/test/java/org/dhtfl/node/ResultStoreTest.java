package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class ResultStoreTest {

  private static final Duration TTL = Duration.ofMinutes(10);

  private static JobKey key(String name) {
    return JobKey.reference(name);
  }

  /** A finished result that node {@code by} trained. */
  static JobResult doneElsewhere(String name, int by) {
    return new JobResult(name, JobStatus.DONE, Optional.of(TrainingSpecs.rows(Weights.zeros(ModelShape.mlp(16, 5, 26)))),
        0.5, 10, 3, 7, OptionalInt.of(by), 1, "glibc", "");
  }

  /** The results of node 19, with the time-to-live on a clock the test moves. */
  private static ResultStore onClock(AtomicLong nowMillis) {
    return new ResultStore(19, TTL, nowMillis::get);
  }

  // ------------------------------------------------------------ results by key, and copies of other nodes'

  @Test
  void aJobNeverSubmittedIsNotFoundNamingTheNodeAndTheKey() {
    ResultStore results = new ResultStore(19);

    JobResult result = results.get(key("zx0uRKUQj5"));

    assertThat(result.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(result.filename()).isEqualTo("zx0uRKUQj5");
    assertThat(result.reason()).isEqualTo("node 19 has no job put_data/1/zx0uRKUQj5");
  }

  @Test
  void adoptingAWaitingResultChangesNothing() {
    ResultStore results = new ResultStore(19);
    JobResult copy = doneElsewhere("copied", 6);
    results.adopt(key("copied"), copy);

    results.adopt(key("copied"), JobResult.waiting("copied", 6));
    results.adopt(key("never"), JobResult.waiting("never", 6));

    assertThat(results.get(key("copied"))).isEqualTo(copy);
    assertThat(results.get(key("never")).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void aCopyNeverReplacesAFinishedResult() {
    ResultStore results = new ResultStore(19);
    JobResult first = doneElsewhere("copied", 6);
    results.adopt(key("copied"), first);
    JobResult own = doneElsewhere("own", 19);
    results.record(key("own"), own);

    results.adopt(key("copied"), doneElsewhere("copied", 51));
    results.adopt(key("own"), doneElsewhere("own", 51));

    assertThat(results.get(key("copied"))).isEqualTo(first);
    assertThat(results.get(key("own"))).isEqualTo(own);
  }

  // ------------------------------------------------------------ a later round's result supersedes an earlier one

  @Test
  void aFinishedRoundDropsTheEarlierRoundsResultOfItsFileOnlyOnceItIsFinished() {
    ResultStore results = new ResultStore(19);
    JobKey round1 = new JobKey("run-a", 1, "f");
    JobKey round2 = new JobKey("run-a", 2, "f");
    JobKey otherFile = new JobKey("run-a", 1, "g");
    JobKey otherRun = new JobKey("run-b", 1, "f");
    results.record(round1, doneElsewhere("f", 19));
    results.record(otherFile, doneElsewhere("g", 19));
    results.adopt(otherRun, doneElsewhere("f", 6));

    results.record(round2, JobResult.waiting("f", 19));
    assertThat(results.find(round1)).as("round 2 still training").isPresent();
    results.record(round2, JobResult.failed("f", 19, "out of memory"));
    assertThat(results.find(round1)).as("round 2 failed").isPresent();
    results.record(round2, doneElsewhere("f", 19));

    assertThat(results.find(round1)).isEmpty();
    assertThat(results.find(round2)).isPresent();
    assertThat(results.find(otherFile)).as("another file of the run").isPresent();
    assertThat(results.find(otherRun)).as("the same file in another run").isPresent();
  }

  @Test
  void aCopyOfALaterRoundSupersedesTooAndACopyOfAnEarlierOneIsNotKept() {
    ResultStore results = new ResultStore(19);
    JobKey round1 = new JobKey("run-a", 1, "f");
    JobKey round2 = new JobKey("run-a", 2, "f");
    JobKey round3 = new JobKey("run-a", 3, "f");
    results.adopt(round2, doneElsewhere("f", 6));

    results.adopt(round1, doneElsewhere("f", 6));
    assertThat(results.find(round1)).as("a copy of an earlier round").isEmpty();
    results.adopt(round3, doneElsewhere("f", 6));

    assertThat(results.find(round2)).isEmpty();
    assertThat(results.find(round3)).isPresent();
  }

  // ------------------------------------------------------------ forgetting the results of idle runs

  @Test
  void everyReadOfAResultKeepsItsWholeRunForAnotherTimeToLive() {
    AtomicLong now = new AtomicLong();
    ResultStore results = onClock(now);
    JobKey polled = new JobKey("run-a", 1, "polled");
    JobKey other = new JobKey("run-a", 1, "other");
    results.adopt(polled, doneElsewhere("polled", 6));
    results.adopt(other, doneElsewhere("other", 6));

    for (int poll = 1; poll <= 5; poll++) {
      now.addAndGet(TTL.toMillis() - 1);
      results.get(polled);
      assertThat(results.forgetIdleRuns()).as("forgotten at poll " + poll).isZero();
    }
    now.addAndGet(TTL.toMillis() - 1);
    int stillPolled = results.forgetIdleRuns();
    now.addAndGet(1);
    int abandoned = results.forgetIdleRuns();

    assertThat(stillPolled).isZero();
    assertThat(abandoned).isEqualTo(2);
    assertThat(results.get(other).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void onlyTheIdleRunIsForgottenWhileAnotherIsInUse() {
    AtomicLong now = new AtomicLong();
    ResultStore results = onClock(now);
    JobKey abandoned = new JobKey("run-a", 1, "file");
    JobKey active = new JobKey("run-b", 1, "file");
    results.adopt(abandoned, doneElsewhere("file", 6));
    results.adopt(active, doneElsewhere("file", 6));

    now.set(TTL.toMillis() / 2);
    results.get(active);
    now.set(TTL.toMillis());
    int forgotten = results.forgetIdleRuns();

    assertThat(forgotten).isEqualTo(1);
    assertThat(results.get(abandoned).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(results.get(active).status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void putDataResultsAreKeptAsTheReferenceKeepsThem() {
    AtomicLong now = new AtomicLong();
    ResultStore results = onClock(now);
    JobResult copy = doneElsewhere("zx0uRKUQj5", 6);
    results.adopt(key("zx0uRKUQj5"), copy);

    now.set(100 * TTL.toMillis());

    assertThat(results.forgetIdleRuns()).isZero();
    assertThat(results.get(key("zx0uRKUQj5"))).isEqualTo(copy);
    assertThat(results.trackedRuns()).isZero();
  }

  @Test
  void askingForRunsThisNodeDoesNotHoldTracksNothing() {
    ResultStore results = onClock(new AtomicLong());

    for (int run = 0; run < 100; run++) {
      results.get(new JobKey("run-" + run, 1, "file"));
    }

    assertThat(results.trackedRuns()).isZero();
  }

  @Test
  void aTimeToLiveBelowAMillisecondIsRefusedNamingIt() {
    assertThatThrownBy(() -> new ResultStore(19, Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("result time-to-live 0 ms");
  }

  @Test
  void aResultOfItsOwnReplacesWhatWasHereAndARefusalKeepsNoRunInUse() {
    ResultStore results = onClock(new AtomicLong());
    JobKey trained = new JobKey("run-a", 1, "trained");
    JobKey refused = new JobKey("run-b", 1, "refused");
    results.adopt(trained, doneElsewhere("trained", 6));

    results.record(trained, doneElsewhere("trained", 19));
    results.recordRefusal(refused, JobResult.busy("refused", 19, 3));

    assertThat(results.find(trained)).hasValueSatisfying(r -> assertThat(r.trainedBy()).hasValue(19));
    assertThat(results.find(refused)).hasValueSatisfying(r -> assertThat(r.isBusy()).isTrue());
    assertThat(results.trackedRuns()).as("only run-a is in use").isEqualTo(1);
  }

  @Test
  void findingAResultIsNoUseOfItsRunAndTouchingOneIs() {
    AtomicLong now = new AtomicLong();
    ResultStore results = onClock(now);
    JobKey found = new JobKey("run-a", 1, "found");
    JobKey touched = new JobKey("run-b", 1, "touched");
    results.adopt(found, doneElsewhere("found", 6));
    results.adopt(touched, doneElsewhere("touched", 6));

    now.set(TTL.toMillis() - 1);
    results.find(found);
    results.touch(touched);
    now.set(TTL.toMillis());

    assertThat(results.forgetIdleRuns()).isEqualTo(1);
    assertThat(results.find(found)).isEmpty();
    assertThat(results.find(touched)).isPresent();
  }

  @Test
  void aWaitingResultKeepsItsWholeRunHoweverLongItIsUnused() {
    AtomicLong now = new AtomicLong();
    ResultStore results = onClock(now);
    JobKey waiting = new JobKey("run-a", 1, "waiting");
    JobKey copied = new JobKey("run-a", 1, "copied");
    results.record(waiting, JobResult.waiting("waiting", 19));
    results.adopt(copied, doneElsewhere("copied", 6));

    now.set(10 * TTL.toMillis());

    assertThat(results.forgetIdleRuns()).isZero();
    assertThat(results.find(copied)).isPresent();
  }

  @Test
  void beyondTheCapTheOldestResultGoesUnlessItIsWaiting() {
    ResultStore results = new ResultStore(19);
    JobResult done = doneElsewhere("f", 6);
    for (int i = 0; i <= ResultStore.MAX_RESULTS; i++) {
      results.adopt(new JobKey("run-a", 1, "f" + i), done);
    }
    ResultStore withWaiting = new ResultStore(19);
    JobKey waiting = new JobKey("run-a", 1, "waiting");
    withWaiting.record(waiting, JobResult.waiting("waiting", 19));
    for (int i = 0; i < ResultStore.MAX_RESULTS; i++) {
      withWaiting.adopt(new JobKey("run-a", 1, "f" + i), done);
    }

    Map<JobKey, JobResult> kept = results.snapshot();

    assertThat(kept).hasSize(ResultStore.MAX_RESULTS);
    assertThat(kept).doesNotContainKey(new JobKey("run-a", 1, "f0"));
    assertThat(kept.keySet().iterator().next()).as("kept in the order first kept")
        .isEqualTo(new JobKey("run-a", 1, "f1"));
    assertThat(withWaiting.snapshot()).hasSize(ResultStore.MAX_RESULTS + 1).containsKey(waiting);
  }

  @Test
  void theOverviewShowsAWaitingJobAsTrainingOrQueuedAsTheExecutorSays() {
    ResultStore results = new ResultStore(19);
    JobKey running = new JobKey("run-7", 1, "running");
    JobKey queued = new JobKey("run-7", 1, "queued");
    results.record(running, JobResult.waiting("running", 19));
    results.record(queued, JobResult.waiting("queued", 19));

    List<HeldJob> overview = results.overview(10, running::equals);

    assertThat(overview).containsExactly(
        new HeldJob(queued, HeldJob.State.QUEUED, OptionalInt.empty()),
        new HeldJob(running, HeldJob.State.TRAINING, OptionalInt.empty()));
  }

  // ------------------------------------------------------------ waiting for results

  @Test
  void awaitSettledReturnsOnceTheLastWaitingJobHasItsResult() throws Exception {
    ResultStore results = new ResultStore(19);
    results.record(key("a"), JobResult.waiting("a", 19));
    results.record(key("b"), doneElsewhere("b", 19));
    Thread trainer = new Thread(() -> results.record(key("a"), doneElsewhere("a", 19)));
    long started = System.nanoTime();

    trainer.start();
    boolean settled = results.awaitSettled(List.of(key("a"), key("b"), key("never")), Duration.ofSeconds(20));
    trainer.join();

    assertThat(settled).isTrue();
    assertThat(results.get(key("a")).status()).isEqualTo(JobStatus.DONE);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
  }

  @Test
  void awaitSettledGivesUpAfterItsWaitWhileAJobStillWaits() throws Exception {
    ResultStore results = new ResultStore(19);
    results.record(key("a"), JobResult.waiting("a", 19));
    long started = System.nanoTime();

    boolean settled = results.awaitSettled(List.of(key("a")), Duration.ofMillis(200));

    assertThat(settled).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(200));
  }
}
