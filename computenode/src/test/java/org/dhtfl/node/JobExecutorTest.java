package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.OptionalInt;
import java.util.Random;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobExecutor.Submitted;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobExecutorTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 5, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(3));

  @TempDir
  Path dir;

  private final List<JobExecutor> opened = new ArrayList<>();

  @AfterEach
  void closeJobs() {
    opened.forEach(JobExecutor::close);
  }

  private JobExecutor jobs(Path dataDir, int workers, int queue) {
    return jobs(DataSource.directory(dataDir), workers, queue);
  }

  private JobExecutor jobs(DataSource data, int workers, int queue) {
    JobExecutor jobs = new JobExecutor(data, JobExecutor.boundedPool(workers, queue), new ResultStore(19));
    opened.add(jobs);
    return jobs;
  }

  private static JobKey key(String name) {
    return JobKey.reference(name);
  }

  /** A put_data job: no start weights (drawn from the config's seed), no data (the local file). */
  private static JobRequest local(String name, TrainingConfig config) {
    return new JobRequest(key(name), Specs.of(config), Optional.empty(), Optional.empty());
  }

  private static JobRequest local(String name) {
    return local(name, FAST);
  }

  /** A job of a federated run that carries the file's bytes. */
  private static JobRequest carrying(JobKey key, byte[] data) {
    return new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.of(data));
  }

  /** A job of a federated run that starts from the given weights. */
  private static JobRequest starting(JobKey key, Weights start, byte[] data) {
    return new JobRequest(key, Specs.of(FAST), Optional.of(TrainingSpecs.rows(start)), Optional.of(data));
  }

  /** The weight change of a result, as the trainer's weights. */
  private static Optional<Weights> delta(JobResult result) {
    return result.delta().map(d -> Weights.fromRows(ModelKind.parse(d.model()), d.v(), d.w()));
  }

  /** Rows in the letters format: 16 integer features 0..15, then a label 0..25. */
  static String lettersText(int rows, long seed) {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < 16; f++) {
        text.append(random.nextInt(16)).append(',');
      }
      text.append(random.nextInt(26)).append('\n');
    }
    return text.toString();
  }

  private Path letters(String name, int rows, long seed) throws IOException {
    return Files.writeString(dir.resolve(name), lettersText(rows, seed), StandardCharsets.US_ASCII);
  }

  private static JobResult finished(JobExecutor jobs, JobKey key) {
    return await().atMost(DEADLINE).until(() -> jobs.results().get(key), r -> r.status() != JobStatus.WAIT);
  }

  private static JobResult finished(JobExecutor jobs, String name) {
    return finished(jobs, key(name));
  }

  private static JobResult doneElsewhere(String name, int by) {
    return ResultStoreTest.doneElsewhere(name, by);
  }

  /**
   * The data directory, seen through a door that every training job passes when it reads its
   * file (on a worker thread), so a test decides when jobs may go on and knows which are running.
   * Looking for a file, as submit does on the test's own thread, goes straight through.
   */
  private DataSource behind(Runnable door) {
    DataSource files = DataSource.directory(dir);
    return new DataSource() {
      @Override
      public boolean has(String filename) {
        return files.has(filename);
      }

      @Override
      public Dataset read(String filename, int classes) throws IOException {
        door.run();
        return files.read(filename, classes);
      }

      @Override
      public Optional<byte[]> bytes(String filename) {
        return files.bytes(filename);
      }

      @Override
      public String toString() {
        return files.toString();
      }
    };
  }

  /** A pool that trains nothing until the test runs its jobs, on the test's own thread. */
  static final class ManualPool extends AbstractExecutorService {
    private final Queue<Runnable> queued = new ArrayDeque<>();
    private boolean shutdown;

    void runAll() {
      for (Runnable job = queued.poll(); job != null; job = queued.poll()) {
        job.run();
      }
    }

    @Override
    public void execute(Runnable command) {
      queued.add(command);
    }

    @Override
    public void shutdown() {
      shutdown = true;
    }

    @Override
    public List<Runnable> shutdownNow() {
      shutdown = true;
      List<Runnable> left = new ArrayList<>(queued);
      queued.clear();
      return left;
    }

    @Override
    public boolean isShutdown() {
      return shutdown;
    }

    @Override
    public boolean isTerminated() {
      return shutdown && queued.isEmpty();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
      return isTerminated();
    }
  }

  /** Holds each job at the door until the test lets it through. */
  private static final class Gate implements Runnable {
    private final Semaphore permits = new Semaphore(0);
    private final AtomicInteger waiting = new AtomicInteger();

    @Override
    public void run() {
      waiting.incrementAndGet();
      try {
        if (!permits.tryAcquire(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new IllegalStateException("the test never let the job through");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted at the gate", e);
      } finally {
        waiting.decrementAndGet();
      }
    }

    void awaitWaiting(int jobs) {
      await().atMost(DEADLINE).until(waiting::get, n -> n == jobs);
    }

    void letThrough(int jobs) {
      permits.release(jobs);
    }
  }

  // ------------------------------------------------------------ training a local file (put_data)

  @Test
  void aFileTrainsToDoneWithItsRowsEpochsAndAWeightChangeOfTheModelsShape() throws IOException {
    Path file = letters("zx0uRKUQj5", 40, 1);
    JobExecutor jobs = jobs(dir, 1, 4);

    Submitted submitted = jobs.submit(local("zx0uRKUQj5"), true);
    JobResult result = finished(jobs, "zx0uRKUQj5");

    assertThat(submitted).isEqualTo(Submitted.QUEUED);
    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(result.filename()).isEqualTo("zx0uRKUQj5");
    assertThat(result.rows()).isEqualTo(40);
    assertThat(result.epochs()).isEqualTo(3);
    assertThat(result.errorRate()).isBetween(0.0, 1.0);
    assertThat(result.trainedBy()).hasValue(19);
    assertThat(result.seed()).isEqualTo(1);
    assertThat(result.reason()).isEmpty();
    assertThat(delta(result)).get().extracting(Weights::shape).isEqualTo(ModelShape.mlp(16, 5, 26));
    Weights start = FAST.startWeights(16);
    Weights expected = Trainer.train(start, CsvData.read(file, 26), FAST.options()).delta();
    assertThat(delta(result)).contains(expected);
    assertThat(expected.maxAbs()).isPositive();
  }

  @Test
  void aLogisticConfigTrainsALogisticModelFromItsOwnSeed() throws IOException {
    letters("logit", 30, 2);
    TrainingConfig logistic = new TrainingConfig(ModelKind.LOGISTIC, 0, 26, 7, TrainingOptions.defaults().withEpochs(2));
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(local("logit", logistic), true);
    JobResult result = finished(jobs, "logit");

    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(delta(result)).get().extracting(Weights::shape).isEqualTo(ModelShape.logistic(16, 26));
    assertThat(result.seed()).isEqualTo(7);
  }

  @Test
  void aJobWaitsUntilItsTrainingFinishes() throws IOException {
    letters("a", 20, 1);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);

    jobs.submit(local("a"), true);
    gate.awaitWaiting(1);
    JobResult during = jobs.results().get(key("a"));
    int pendingDuring = jobs.pending();
    gate.letThrough(1);
    JobResult after = finished(jobs, "a");

    assertThat(during.status()).isEqualTo(JobStatus.WAIT);
    assertThat(during.delta()).isEmpty();
    assertThat(pendingDuring).isEqualTo(1);
    assertThat(after.status()).isEqualTo(JobStatus.DONE);
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void aFileThatVanishesBeforeItsTrainingFailsNamingTheFileAndTheDirectory() throws IOException {
    Path file = letters("vanishing", 20, 1);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);
    jobs.submit(local("vanishing"), true);
    gate.awaitWaiting(1);

    Files.delete(file);
    gate.letThrough(1);
    JobResult result = finished(jobs, "vanishing");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("no file vanishing in " + dir);
    assertThat(result.trainedBy()).hasValue(19);
  }

  @Test
  void aMalformedRowFailsNamingTheFileAndTheLine() throws IOException {
    String row = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,";
    Path file = Files.writeString(dir.resolve("broken"), row + "3\n" + row + "4\n1,2,x,4,5,6,7,8,9,10,11,12,13,14,15,0,5\n");
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(local("broken"), true);
    JobResult result = finished(jobs, "broken");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).startsWith(file + " line 3").contains("'x' is not an integer");
  }

  @Test
  void aLabelOutsideTheClassesFailsNamingTheFileAndTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("label"), "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,26\n");
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(local("label"), true);
    JobResult result = finished(jobs, "label");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).startsWith(file + " line 1").contains("label 26 is outside 0..25");
  }

  @Test
  void jobsOfTheSameFileInAnotherRunOrRoundAreOtherJobs() throws IOException {
    letters("shard", 20, 1);
    JobExecutor jobs = jobs(dir, 1, 4);
    jobs.submit(local("shard"), true);
    finished(jobs, "shard");

    JobResult otherRound = jobs.results().get(new JobKey(JobKey.REFERENCE_RUN, 2, "shard"));
    JobResult otherRun = jobs.results().get(new JobKey("run-7", 1, "shard"));

    assertThat(jobs.results().get(key("shard")).status()).isEqualTo(JobStatus.DONE);
    assertThat(otherRound.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(otherRun.status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void resubmittingAWaitingJobDoesNotQueueItTwice() throws IOException {
    letters("running", 20, 1);
    letters("queued", 20, 2);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 1);
    jobs.submit(local("running"), true);
    gate.awaitWaiting(1);
    jobs.submit(local("queued"), true);

    Submitted again = jobs.submit(local("queued"), true);

    assertThat(again).isEqualTo(Submitted.KNOWN);
    assertThat(jobs.results().get(key("queued")).status()).isEqualTo(JobStatus.WAIT);
    assertThat(jobs.pending()).isEqualTo(2);
    gate.letThrough(2);
    assertThat(finished(jobs, "running").status()).isEqualTo(JobStatus.DONE);
    assertThat(finished(jobs, "queued").status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aFullQueueRefusesTheNextJobWithABusyReason() throws IOException {
    letters("running", 20, 1);
    letters("queued", 20, 2);
    letters("refused", 20, 3);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 1);
    jobs.submit(local("running"), true);
    gate.awaitWaiting(1);
    jobs.submit(local("queued"), true);

    Submitted refused = jobs.submit(local("refused"), true);

    assertThat(refused).isEqualTo(Submitted.REFUSED);
    JobResult result = jobs.results().get(key("refused"));
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("node 19 is busy: 1 jobs already wait");
    assertThat(jobs.pending()).isEqualTo(2);
    gate.letThrough(2);
    assertThat(finished(jobs, "running").status()).isEqualTo(JobStatus.DONE);
    assertThat(finished(jobs, "queued").status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aFinishedJobIsKnownAndNotTrainedAgainWhenRetrainingIsNotAsked() throws IOException {
    letters("once", 20, 1);
    JobExecutor jobs = jobs(dir, 1, 4);
    jobs.submit(local("once"), false);
    JobResult first = finished(jobs, "once");

    Submitted again = jobs.submit(local("once"), false);

    assertThat(first.status()).as(first.reason()).isEqualTo(JobStatus.DONE);
    assertThat(again).isEqualTo(Submitted.KNOWN);
    assertThat(jobs.results().get(key("once"))).isSameAs(first);
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void aFinishedJobIsTrainedAgainWhenRetrainingIsAsked() throws IOException {
    letters("again", 20, 1);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);
    jobs.submit(local("again"), true);
    gate.letThrough(1);
    JobResult first = finished(jobs, "again");

    Submitted again = jobs.submit(local("again"), true);

    assertThat(again).isEqualTo(Submitted.QUEUED);
    assertThat(jobs.results().get(key("again")).status()).isEqualTo(JobStatus.WAIT);
    gate.letThrough(1);
    JobResult second = finished(jobs, "again");
    assertThat(first.status()).isEqualTo(JobStatus.DONE);
    assertThat(second.delta()).isEqualTo(first.delta());
  }

  @Test
  void aFailedJobIsTrainedAgainEvenWhenRetrainingIsNotAsked() throws IOException {
    Path file = Files.writeString(dir.resolve("fixed"), "1,2,x\n");
    JobExecutor jobs = jobs(dir, 1, 4);
    jobs.submit(local("fixed"), false);
    JobResult failed = finished(jobs, "fixed");
    Files.writeString(file, lettersText(20, 1));

    Submitted again = jobs.submit(local("fixed"), false);
    JobResult result = finished(jobs, "fixed");

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(again).isEqualTo(Submitted.QUEUED);
    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void twoJobsTrainingAtOnceGiveBitIdenticalResultsToEachTrainedAlone() throws IOException {
    letters("first", 120, 1);
    letters("second", 90, 2);
    TrainingConfig config = new TrainingConfig(ModelKind.MLP, 8, 26, 1, TrainingOptions.defaults().withEpochs(30));
    JobExecutor alone = jobs(dir, 1, 4);
    alone.submit(local("first", config), true);
    JobResult firstAlone = finished(alone, "first");
    alone.submit(local("second", config), true);
    JobResult secondAlone = finished(alone, "second");
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    JobExecutor together = jobs(behind(() -> {
      try {
        bothStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("the two jobs did not run at the same time", e);
      }
    }), 2, 4);

    together.submit(local("first", config), true);
    together.submit(local("second", config), true);
    JobResult firstTogether = finished(together, "first");
    JobResult secondTogether = finished(together, "second");

    assertThat(firstAlone.status()).as(firstAlone.reason()).isEqualTo(JobStatus.DONE);
    assertThat(firstTogether.status()).as(firstTogether.reason()).isEqualTo(JobStatus.DONE);
    assertThat(secondTogether.status()).as(secondTogether.reason()).isEqualTo(JobStatus.DONE);
    assertThat(firstTogether.delta()).isEqualTo(firstAlone.delta());
    assertThat(secondTogether.delta()).isEqualTo(secondAlone.delta());
    assertThat(firstTogether.errorRate()).isEqualTo(firstAlone.errorRate());
    assertThat(secondTogether.errorRate()).isEqualTo(secondAlone.errorRate());
    assertThat(firstTogether.delta()).isNotEqualTo(secondTogether.delta());
  }

  @Test
  void workersAndQueueMustBeAtLeastOne() {
    assertThatThrownBy(() -> JobExecutor.boundedPool(0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers 0 must be at least 1");
    assertThatThrownBy(() -> JobExecutor.boundedPool(1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue capacity 0 must be at least 1");
  }

  // ------------------------------------------------------------ jobs of federated runs

  @Test
  void aJobWithCarriedDataTrainsWithoutALocalFile() throws IOException {
    String text = lettersText(40, 3);
    JobKey key = new JobKey("run-7", 2, "carried");
    JobExecutor jobs = jobs(dir, 1, 4);

    Submitted submitted = jobs.submit(carrying(key, text.getBytes(StandardCharsets.US_ASCII)), false);
    JobResult result = finished(jobs, key);

    assertThat(jobs.files().has("carried")).isFalse();
    assertThat(submitted).isEqualTo(Submitted.QUEUED);
    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(result.rows()).isEqualTo(40);
    Weights start = FAST.startWeights(16);
    Weights expected = Trainer.train(start, CsvData.parse("carried", new StringReader(text), 26), FAST.options())
        .delta();
    assertThat(delta(result)).contains(expected);
  }

  @Test
  void aJobStartsFromTheWeightsItCarries() throws IOException {
    String text = lettersText(30, 4);
    Weights start = Weights.initial(ModelShape.mlp(16, 5, 26), 99);
    JobKey key = new JobKey("run-7", 3, "global");
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(starting(key, start, text.getBytes(StandardCharsets.US_ASCII)), false);
    JobResult result = finished(jobs, key);

    Weights expected = Trainer.train(start, CsvData.parse("global", new StringReader(text), 26), FAST.options())
        .delta();
    Weights fromSeed = Trainer.train(FAST.startWeights(16),
        CsvData.parse("global", new StringReader(text), 26), FAST.options()).delta();
    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(delta(result)).contains(expected);
    assertThat(expected).isNotEqualTo(fromSeed);
  }

  @Test
  void startWeightsForOtherFeaturesThanTheFilesFailTheJob() {
    Weights start = Weights.initial(ModelShape.mlp(10, 5, 26), 1);
    JobKey key = new JobKey("run-7", 1, "mismatch");
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(starting(key, start, lettersText(10, 1).getBytes(StandardCharsets.US_ASCII)), false);
    JobResult result = finished(jobs, key);

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("training mismatch failed: mismatch has 16 features, the model 10 inputs");
  }

  @Test
  void carriedDataThatIsMalformedFailsNamingTheFileAndTheLine() {
    JobKey key = new JobKey("run-7", 1, "garbled");
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(carrying(key, "1,2,3\n1,2\n".getBytes(StandardCharsets.US_ASCII)), false);
    JobResult result = finished(jobs, key);

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).startsWith("garbled line 2");
  }

  @Test
  void aJobWithoutDataNeedsItWhenTheNodeHasNoSuchFile() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    JobExecutor jobs = jobs(dir, 1, 4);

    Submitted absent = jobs.submit(local("absent"), true);
    Submitted directory = jobs.submit(local("sub"), true);

    assertThat(absent).isEqualTo(Submitted.NEED_DATA);
    assertThat(directory).isEqualTo(Submitted.NEED_DATA);
    assertThat(jobs.results().get(key("absent")).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.results().get(key("sub")).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.pending()).isZero();
  }

  // ------------------------------------------------------------ results of other nodes

  @Test
  void anAdoptedResultIsKeptAsItCameAndQueuesNoJob() {
    JobExecutor jobs = jobs(dir, 1, 4);
    JobResult copy = doneElsewhere("copied", 6);

    jobs.results().adopt(key("copied"), copy);

    assertThat(jobs.results().get(key("copied"))).isEqualTo(copy);
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void adoptKeepsAJobWaitingHereAndItsOwnResult() throws IOException {
    letters("mine", 20, 1);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);
    jobs.submit(local("mine"), true);
    gate.awaitWaiting(1);

    jobs.results().adopt(key("mine"), doneElsewhere("mine", 6));

    assertThat(jobs.results().get(key("mine")).status()).isEqualTo(JobStatus.WAIT);
    gate.letThrough(1);
    JobResult result = finished(jobs, "mine");
    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(result.trainedBy()).hasValue(19);
  }

  // ------------------------------------------------------------ stopping, and listeners

  @Test
  void stopReturnsEveryResultAndThePendingRequestsForTheSuccessor() throws IOException {
    letters("finished", 20, 1);
    letters("running", 20, 2);
    letters("queued", 20, 3);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);
    jobs.submit(local("finished"), true);
    gate.letThrough(1);
    JobResult done = finished(jobs, "finished");
    JobResult copy = doneElsewhere("copied", 6);
    jobs.results().adopt(key("copied"), copy);
    JobRequest running = local("running");
    JobRequest queued = local("queued");
    jobs.submit(running, true);
    gate.awaitWaiting(1);
    jobs.submit(queued, true);

    List<HandedJob> handed = jobs.stop();

    assertThat(handed).containsExactlyInAnyOrder(
        new HandedJob(key("finished"), done, Optional.empty()),
        new HandedJob(key("copied"), copy, Optional.empty()),
        new HandedJob(key("running"), JobResult.waiting("running", 19), Optional.of(running)),
        new HandedJob(key("queued"), JobResult.waiting("queued", 19), Optional.of(queued)));
  }

  @Test
  void onDoneHearsEveryJobThisNodeFinishesButNoAdoptedResult() throws IOException {
    List<Map.Entry<JobKey, JobResult>> heard = new CopyOnWriteArrayList<>();
    JobExecutor jobs = jobs(dir, 1, 4);
    jobs.onDone((key, result) -> heard.add(Map.entry(key, result)));
    JobKey first = new JobKey("run-7", 1, "first");
    JobKey second = new JobKey("run-7", 1, "second");
    JobKey broken = new JobKey("run-7", 1, "broken");

    jobs.submit(carrying(first, lettersText(20, 1).getBytes(StandardCharsets.US_ASCII)), false);
    jobs.submit(carrying(second, lettersText(20, 2).getBytes(StandardCharsets.US_ASCII)), false);
    jobs.submit(carrying(broken, "x\n".getBytes(StandardCharsets.US_ASCII)), false);
    jobs.results().adopt(key("copied"), doneElsewhere("copied", 6));
    await().atMost(DEADLINE).until(heard::size, n -> n >= 3);

    assertThat(heard).containsExactlyInAnyOrder(
        Map.entry(first, jobs.results().get(first)),
        Map.entry(second, jobs.results().get(second)),
        Map.entry(broken, jobs.results().get(broken)));
    assertThat(heard).extracting(e -> e.getValue().status())
        .containsExactlyInAnyOrder(JobStatus.DONE, JobStatus.DONE, JobStatus.FAILED);
  }

  // ------------------------------------------------------------ keeping the runs of its jobs in use

  private static final Duration TTL = Duration.ofMinutes(10);

  /** Jobs on a pool the test runs by hand, with the time-to-live on a clock the test moves. */
  private JobExecutor jobsOnClock(ManualPool pool, AtomicLong nowMillis) {
    JobExecutor jobs = new JobExecutor(DataSource.directory(dir), pool, new ResultStore(19, TTL, nowMillis::get));
    opened.add(jobs);
    return jobs;
  }

  private static byte[] rows(int count, long seed) {
    return lettersText(count, seed).getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void workersTakeTheQueuedJobsOfEachRunInTurnSoAQueueOfOneRunDoesNotHoldUpAnother() {
    ManualPool pool = new ManualPool();
    JobExecutor jobs = new JobExecutor(DataSource.directory(dir), pool, new ResultStore(19));
    opened.add(jobs);
    List<JobKey> trained = new CopyOnWriteArrayList<>();
    jobs.onDone((key, result) -> trained.add(key));
    List<JobKey> hog = List.of(new JobKey("hog", 1, "h1"), new JobKey("hog", 1, "h2"), new JobKey("hog", 1, "h3"));
    JobKey mine = new JobKey("mine", 1, "m1");
    hog.forEach(key -> jobs.submit(carrying(key, rows(20, 1)), false));
    jobs.submit(carrying(mine, rows(20, 2)), false);

    pool.runAll();

    assertThat(trained).containsExactly(hog.get(0), mine, hog.get(1), hog.get(2));
  }

  @Test
  void aJobThatWouldCostMoreThanANodeTakesIsRefusedWhenSubmittedNotQueued() {
    ManualPool pool = new ManualPool();
    JobExecutor jobs = new JobExecutor(DataSource.directory(dir), pool, new ResultStore(19));
    opened.add(jobs);
    TrainingConfig huge = new TrainingConfig(ModelKind.MLP, 4096, TrainingConfig.LETTER_CLASSES, 1,
        TrainingOptions.defaults().withEpochs(100_000));
    JobKey key = new JobKey("run-a", 1, "costly");
    JobRequest request = new JobRequest(key, Specs.of(huge),
        Optional.of(TrainingSpecs.rows(Weights.zeros(ModelShape.mlp(16, 4096, 26)))), Optional.of(rows(20, 1)));

    Submitted submitted = jobs.submit(request, false);

    assertThat(submitted).isEqualTo(Submitted.REFUSED);
    assertThat(pool.queued).as("no worker is handed the job").isEmpty();
    JobResult result = jobs.results().get(key);
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).contains("the job would cost 20 rows x 176154 parameters x 100000 epochs");
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void aRunUnusedForTheTimeToLiveLosesItsOwnResultsAndItsCopies() {
    AtomicLong now = new AtomicLong();
    ManualPool pool = new ManualPool();
    JobExecutor jobs = jobsOnClock(pool, now);
    JobKey trained = new JobKey("run-a", 1, "trained");
    JobKey copied = new JobKey("run-a", 1, "copied");
    JobKey handedOver = new JobKey("run-a", 2, "handed-over");
    jobs.submit(carrying(trained, rows(20, 1)), false);
    pool.runAll();
    jobs.results().adopt(copied, doneElsewhere("copied", 6));
    jobs.results().adopt(handedOver, doneElsewhere("handed-over", 51));

    now.set(TTL.toMillis() - 1);
    int early = jobs.results().forgetIdleRuns();
    now.set(TTL.toMillis());
    int due = jobs.results().forgetIdleRuns();

    assertThat(early).as("forgotten one millisecond before the time-to-live").isZero();
    assertThat(due).isEqualTo(3);
    assertThat(List.of(trained, copied, handedOver)).allSatisfy(
        key -> assertThat(jobs.results().get(key).status()).as(key.toString()).isEqualTo(JobStatus.NOT_FOUND));
    assertThat(jobs.results().trackedRuns()).isZero();
  }

  @Test
  void submittingAKnownJobAgainKeepsItsRun() {
    AtomicLong now = new AtomicLong();
    ManualPool pool = new ManualPool();
    JobExecutor jobs = jobsOnClock(pool, now);
    JobKey key = new JobKey("run-a", 1, "file");
    jobs.submit(carrying(key, rows(20, 1)), false);
    pool.runAll();

    now.set(TTL.toMillis() - 1);
    Submitted again = jobs.submit(carrying(key, rows(20, 1)), false);
    now.set(TTL.toMillis() + 1);

    assertThat(again).isEqualTo(Submitted.KNOWN);
    assertThat(jobs.results().forgetIdleRuns()).isZero();
    assertThat(jobs.results().get(key).status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aRunWithAJobStillWaitingHereIsKeptWholeUntilTheJobFinishesAndGoesIdle() {
    AtomicLong now = new AtomicLong();
    ManualPool pool = new ManualPool();
    JobExecutor jobs = jobsOnClock(pool, now);
    JobKey waiting = new JobKey("run-a", 1, "waiting");
    JobKey copied = new JobKey("run-a", 1, "copied");
    jobs.results().adopt(copied, doneElsewhere("copied", 6));
    jobs.submit(carrying(waiting, rows(20, 1)), false);

    now.set(3 * TTL.toMillis());
    int whileWaiting = jobs.results().forgetIdleRuns();
    pool.runAll();
    now.addAndGet(TTL.toMillis() - 1);
    int afterFinishing = jobs.results().forgetIdleRuns();
    now.addAndGet(1);
    int onceIdle = jobs.results().forgetIdleRuns();

    assertThat(whileWaiting).isZero();
    assertThat(afterFinishing).as("forgotten within a time-to-live of the job's end").isZero();
    assertThat(onceIdle).isEqualTo(2);
    assertThat(jobs.results().get(waiting).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void anErrorInAWorkerFailsTheJobWithItsReasonAndTheWorkerGoesOn() throws Exception {
    letters("a", 20, 1);
    letters("b", 20, 2);
    boolean[] thrown = {false};
    JobExecutor jobs = jobs(behind(() -> {
      if (!thrown[0]) {
        thrown[0] = true;
        throw new StackOverflowError("injected");
      }
    }), 1, 4);

    jobs.submit(local("a"), false);
    JobResult failed = finished(jobs, "a");
    jobs.submit(local("b"), false);
    JobResult done = finished(jobs, "b");

    assertThat(failed.status()).isEqualTo(JobStatus.FAILED);
    assertThat(failed.reason()).contains("training a failed").contains("StackOverflowError: injected");
    assertThat(done.status()).as("the worker trained the next job").isEqualTo(JobStatus.DONE);
    assertThat(jobs.pending()).isZero();
  }

  @Test
  void aJobThatWouldCostTooMuchFailsNamingItsFigures() throws Exception {
    letters("big", 500, 3);
    TrainingConfig heavy = new TrainingConfig(ModelKind.MLP, 4096, TrainingConfig.LETTER_CLASSES, 1,
        TrainingOptions.defaults().withEpochs(100_000));
    JobExecutor jobs = jobs(dir, 1, 4);

    jobs.submit(local("big", heavy), false);
    JobResult result = finished(jobs, "big");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).contains("500 rows x").contains("x 100000 epochs").contains("more than a node takes");
  }

  @Test
  void queuedJobDataIsBoundedAndARefusalIsBusySoTheClientSendsItAgain() throws Exception {
    ManualPool pool = new ManualPool();
    JobExecutor jobs = new JobExecutor(DataSource.directory(dir), pool, new ResultStore(19));
    opened.add(jobs);
    byte[] eightMiB = new byte[8 << 20];

    int queued = 0;
    Submitted last = Submitted.QUEUED;
    // A run each, so that no run's share of the queue refuses a job before the budget does.
    while (last == Submitted.QUEUED && queued < 10_000) {
      last = jobs.submit(carrying(new JobKey("run-" + queued, 1, "f"), eightMiB), false);
      queued++;
    }

    assertThat(last).isEqualTo(Submitted.REFUSED);
    assertThat((queued - 1) * (long) eightMiB.length).isLessThanOrEqualTo(JobExecutor.MAX_QUEUED_BYTES);
    JobResult refused = jobs.results().get(new JobKey("run-" + (queued - 1), 1, "f"));
    assertThat(refused.isBusy()).as(refused.reason()).isTrue();
    assertThat(refused.reason()).contains("MiB of job data already wait");

    pool.runAll();
    assertThat(jobs.submit(carrying(new JobKey("run", 1, "again"), eightMiB), false))
        .as("the bytes are given back when the queued jobs end").isEqualTo(Submitted.QUEUED);
  }

  @Test
  void oneRunHoldsHalfTheByteBudgetAndAnotherRunIsStillQueuedAndTrainedInTurn() throws Exception {
    ManualPool pool = new ManualPool();
    JobExecutor jobs = new JobExecutor(DataSource.directory(dir), pool, new ResultStore(19));
    opened.add(jobs);
    byte[] oneMiB = new byte[1 << 20];

    int hogQueued = 0;
    while (jobs.submit(carrying(new JobKey("hog", 1, "f" + hogQueued), oneMiB), false) == Submitted.QUEUED) {
      hogQueued++;
    }
    JobResult refused = jobs.results().get(new JobKey("hog", 1, "f" + hogQueued));
    byte[] rows = lettersText(20, 1).getBytes(StandardCharsets.US_ASCII);
    Submitted client = jobs.submit(carrying(new JobKey("client", 1, "mine"), rows), false);

    assertThat((long) hogQueued << 20).isLessThanOrEqualTo(JobExecutor.MAX_QUEUED_BYTES / 2)
        .isGreaterThan(JobExecutor.MAX_QUEUED_BYTES / 2 - (2 << 20));
    assertThat(refused.isBusy()).as(refused.reason()).isTrue();
    assertThat(refused.reason()).contains("run hog holds").contains("its share of the queue");
    assertThat(client).isEqualTo(Submitted.QUEUED);
  }

  // ------------------------------------------------------------ the overview, for the live page

  @Test
  void theOverviewListsTheNewestRoundOfEachRunAndFileWithWhereItStands() throws IOException {
    ManualPool pool = new ManualPool();
    JobExecutor jobs = jobsOnClock(pool, new AtomicLong());
    byte[] rows = lettersText(20, 1).getBytes(StandardCharsets.US_ASCII);
    jobs.submit(carrying(new JobKey("run-7", 1, "a"), rows), false);
    pool.runAll();
    jobs.submit(carrying(new JobKey("run-7", 2, "a"), rows), false);
    jobs.results().adopt(new JobKey("run-7", 2, "b"), doneElsewhere("b", 6));

    List<HeldJob> overview = jobs.overview(10);

    assertThat(overview).containsExactly(
        new HeldJob(new JobKey("run-7", 2, "a"), HeldJob.State.QUEUED, OptionalInt.empty()),
        new HeldJob(new JobKey("run-7", 2, "b"), HeldJob.State.DONE, OptionalInt.of(6)));
    pool.runAll();
    assertThat(jobs.overview(10).get(0)).isEqualTo(
        new HeldJob(new JobKey("run-7", 2, "a"), HeldJob.State.DONE, OptionalInt.of(19)));
    assertThat(jobs.overview(1)).hasSize(1);
  }

  @Test
  void aJobAWorkerHasTakenIsTrainingAndTheOthersAreQueued() throws IOException {
    Files.writeString(dir.resolve("slow"), lettersText(20, 1), StandardCharsets.US_ASCII);
    Files.writeString(dir.resolve("next"), lettersText(20, 2), StandardCharsets.US_ASCII);
    Gate gate = new Gate();
    JobExecutor jobs = jobs(behind(gate), 1, 4);
    jobs.submit(local("slow"), false);
    jobs.submit(local("next"), false);
    gate.awaitWaiting(1);

    assertThat(jobs.training()).isEqualTo(1);
    assertThat(jobs.pending()).isEqualTo(2);
    assertThat(jobs.overview(10)).extracting(h -> h.key().filename() + ":" + h.state())
        .containsExactly("next:QUEUED", "slow:TRAINING");
    gate.letThrough(2);
    await().atMost(DEADLINE).until(jobs::pending, n -> n == 0);
    assertThat(jobs.training()).isZero();
  }

  @Test
  void everyListenerAddedHearsAFinishedJob() throws IOException {
    List<JobKey> first = new CopyOnWriteArrayList<>();
    List<JobKey> second = new CopyOnWriteArrayList<>();
    JobExecutor jobs = jobs(dir, 1, 4);
    jobs.onDone((key, result) -> first.add(key));
    jobs.onDone((key, result) -> second.add(key));
    JobKey key = new JobKey("run-7", 1, "heard");

    jobs.submit(carrying(key, lettersText(20, 1).getBytes(StandardCharsets.US_ASCII)), false);
    await().atMost(DEADLINE).until(second::size, n -> n == 1);

    assertThat(first).containsExactly(key);
    assertThat(second).containsExactly(key);
  }
}
