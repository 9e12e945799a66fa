package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 5, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(3));

  @TempDir
  Path dir;

  private final List<TrainingJobs> opened = new ArrayList<>();

  @AfterEach
  void closeJobs() {
    opened.forEach(TrainingJobs::close);
  }

  private TrainingJobs jobs(Path dataDir, TrainingConfig config, int workers, int queue) {
    TrainingJobs jobs = new TrainingJobs(dataDir, config, workers, queue);
    jobs.nodeId(19);
    opened.add(jobs);
    return jobs;
  }

  /** A file in the letters format: 16 integer features 0..15, then a label 0..25. */
  private Path letters(String name, int rows, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < rows; r++) {
      for (int f = 0; f < 16; f++) {
        text.append(random.nextInt(16)).append(',');
      }
      text.append(random.nextInt(26)).append('\n');
    }
    return Files.writeString(dir.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private static JobResult finished(TrainingJobs jobs, String name) {
    return await().atMost(DEADLINE).until(() -> jobs.status(name), r -> r.status() != JobStatus.WAIT);
  }

  /**
   * The data directory, seen through a door every training job passes when it opens its file
   * (TrainingJobs resolves the file name against the directory on the worker thread), so a test
   * decides when jobs may go on and knows which are running.
   */
  private Path behind(Runnable door) {
    return (Path) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Path.class},
        (proxy, method, args) -> {
          if (method.getName().equals("resolve")) {
            door.run();
          }
          try {
            return method.invoke(dir, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
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

  @Test
  void aFileTrainsToDoneWithItsRowsEpochsAndAWeightChangeOfTheModelsShape() throws IOException {
    Path file = letters("zx0uRKUQj5", 40, 1);
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("zx0uRKUQj5");
    JobResult result = finished(jobs, "zx0uRKUQj5");

    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(result.filename()).isEqualTo("zx0uRKUQj5");
    assertThat(result.rows()).isEqualTo(40);
    assertThat(result.epochs()).isEqualTo(3);
    assertThat(result.errorRate()).isBetween(0.0, 1.0);
    assertThat(result.trainedBy()).isEqualTo(19);
    assertThat(result.seed()).isEqualTo(1);
    assertThat(result.reason()).isEmpty();
    assertThat(result.delta()).get().extracting(Weights::shape).isEqualTo(ModelShape.mlp(16, 5, 26));
    Weights start = Weights.initial(ModelShape.mlp(16, 5, 26), 1);
    Weights expected = Trainer.train(start, CsvData.read(file, 26), FAST.options()).delta();
    assertThat(result.delta()).contains(expected);
    assertThat(expected.maxAbs()).isPositive();
  }

  @Test
  void aLogisticConfigTrainsALogisticModel() throws IOException {
    letters("logit", 30, 2);
    TrainingConfig logistic = new TrainingConfig(ModelKind.LOGISTIC, 0, 26, 7, TrainingOptions.defaults().withEpochs(2));
    TrainingJobs jobs = jobs(dir, logistic, 1, 4);

    jobs.submit("logit");
    JobResult result = finished(jobs, "logit");

    assertThat(result.status()).as(result.reason()).isEqualTo(JobStatus.DONE);
    assertThat(result.delta()).get().extracting(Weights::shape).isEqualTo(ModelShape.logistic(16, 26));
    assertThat(result.seed()).isEqualTo(7);
  }

  @Test
  void aJobWaitsUntilItsTrainingFinishes() throws IOException {
    letters("a", 20, 1);
    Gate gate = new Gate();
    TrainingJobs jobs = jobs(behind(gate), FAST, 1, 4);

    jobs.submit("a");
    gate.awaitWaiting(1);
    JobResult during = jobs.status("a");
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
  void aMissingFileFailsNamingTheFileAndTheDirectory() {
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("nosuchfile");
    JobResult result = finished(jobs, "nosuchfile");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("no file nosuchfile in " + dir);
    assertThat(result.trainedBy()).isEqualTo(19);
  }

  @Test
  void aDirectoryIsNotATrainingFile() throws IOException {
    Files.createDirectory(dir.resolve("sub"));
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("sub");
    JobResult result = finished(jobs, "sub");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("no file sub in " + dir);
  }

  @Test
  void aMalformedRowFailsNamingTheFileAndTheLine() throws IOException {
    String row = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,";
    Path file = Files.writeString(dir.resolve("broken"), row + "3\n" + row + "4\n1,2,x,4,5,6,7,8,9,10,11,12,13,14,15,0,5\n");
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("broken");
    JobResult result = finished(jobs, "broken");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).startsWith(file + " line 3").contains("'x' is not an integer");
  }

  @Test
  void aLabelOutsideTheClassesFailsNamingTheFileAndTheLine() throws IOException {
    Path file = Files.writeString(dir.resolve("label"), "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,26\n");
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("label");
    JobResult result = finished(jobs, "label");

    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).startsWith(file + " line 1").contains("label 26 is outside 0..25");
  }

  @Test
  void aFileNeverSubmittedIsNotFound() {
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    JobResult result = jobs.status("zx0uRKUQj5");

    assertThat(result.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(result.reason()).isEqualTo("node 19 has no job for zx0uRKUQj5");
  }

  @Test
  void aBadNameIsRecordedAsFailedAtOnce() {
    TrainingJobs jobs = jobs(dir, FAST, 1, 4);

    jobs.submit("../secret");

    JobResult result = jobs.status("../secret");
    assertThat(result.status()).isEqualTo(JobStatus.FAILED);
    assertThat(result.reason()).isEqualTo("'../secret' is not a plain file name");
  }

  @Test
  void resubmittingAWaitingFileDoesNotQueueItTwice() throws IOException {
    letters("running", 20, 1);
    letters("queued", 20, 2);
    Gate gate = new Gate();
    TrainingJobs jobs = jobs(behind(gate), FAST, 1, 1);
    jobs.submit("running");
    gate.awaitWaiting(1);
    jobs.submit("queued");

    jobs.submit("queued");

    assertThat(jobs.status("queued").status()).isEqualTo(JobStatus.WAIT);
    assertThat(jobs.pending()).isEqualTo(2);
    gate.letThrough(2);
    assertThat(finished(jobs, "running").status()).isEqualTo(JobStatus.DONE);
    assertThat(finished(jobs, "queued").status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aFullQueueRefusesTheNextFileWithABusyReason() throws IOException {
    letters("running", 20, 1);
    letters("queued", 20, 2);
    letters("refused", 20, 3);
    Gate gate = new Gate();
    TrainingJobs jobs = jobs(behind(gate), FAST, 1, 1);
    jobs.submit("running");
    gate.awaitWaiting(1);
    jobs.submit("queued");

    jobs.submit("refused");

    JobResult refused = jobs.status("refused");
    assertThat(refused.status()).isEqualTo(JobStatus.FAILED);
    assertThat(refused.reason()).isEqualTo("node 19 is busy: 1 jobs already wait");
    gate.letThrough(2);
    assertThat(finished(jobs, "running").status()).isEqualTo(JobStatus.DONE);
    assertThat(finished(jobs, "queued").status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void resubmittingAFinishedFileTrainsItAgain() throws IOException {
    letters("again", 20, 1);
    Gate gate = new Gate();
    TrainingJobs jobs = jobs(behind(gate), FAST, 1, 4);
    jobs.submit("again");
    gate.letThrough(1);
    JobResult first = finished(jobs, "again");

    jobs.submit("again");

    assertThat(jobs.status("again").status()).isEqualTo(JobStatus.WAIT);
    gate.letThrough(1);
    JobResult second = finished(jobs, "again");
    assertThat(first.status()).isEqualTo(JobStatus.DONE);
    assertThat(second.delta()).isEqualTo(first.delta());
  }

  @Test
  void twoJobsTrainingAtOnceGiveBitIdenticalResultsToEachTrainedAlone() throws IOException {
    letters("first", 120, 1);
    letters("second", 90, 2);
    TrainingConfig config = new TrainingConfig(ModelKind.MLP, 8, 26, 1, TrainingOptions.defaults().withEpochs(30));
    TrainingJobs alone = jobs(dir, config, 1, 4);
    alone.submit("first");
    JobResult firstAlone = finished(alone, "first");
    alone.submit("second");
    JobResult secondAlone = finished(alone, "second");
    CyclicBarrier bothStarted = new CyclicBarrier(2);
    TrainingJobs together = jobs(behind(() -> {
      try {
        bothStarted.await(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
        throw new IllegalStateException("the two jobs did not run at the same time", e);
      }
    }), config, 2, 4);

    together.submit("first");
    together.submit("second");
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
    assertThatThrownBy(() -> new TrainingJobs(dir, FAST, 0, 1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("workers 0 must be at least 1");
    assertThatThrownBy(() -> new TrainingJobs(dir, FAST, 1, 0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("queue capacity 0 must be at least 1");
  }
}
