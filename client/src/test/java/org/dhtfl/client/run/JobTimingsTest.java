package org.dhtfl.client.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.client.rounds.JobRing;
import org.dhtfl.client.run.JobTimings.Phase;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.rpc.RemoteException;
import org.junit.jupiter.api.Test;

class JobTimingsTest {

  private static final JobKey KEY = JobKey.reference("zx0uRKUQj5");
  private static final JobRequest REQUEST = new JobRequest(KEY,
      new JobSpec("mlp", 20, 26, 250, 1e-4, 0.7, true, false, 1, "glibc"), Optional.empty(), Optional.empty());

  private final AtomicLong now = new AtomicLong();
  private final JobTimings timings = new JobTimings(now::get);

  /** A ring whose every call takes {@code ms} on the test's clock and answers the polls in turn. */
  private JobRing ring(long ms, JobResult... answers) {
    Deque<JobResult> polls = new ArrayDeque<>(java.util.List.of(answers));
    return new JobRing() {
      @Override
      public SubmitAnswer submit(JobRequest request) throws RemoteException {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        if (polls.isEmpty()) {
          throw new RemoteException(RemoteException.Kind.UNAVAILABLE, "down");
        }
        return SubmitAnswer.ACCEPTED;
      }

      @Override
      public JobResult poll(JobKey key) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(ms));
        return polls.removeFirst();
      }
    };
  }

  @Test
  void submissionsAndPollsThatFindTheResultFinalAreTimedApart() throws RemoteException {
    JobRing timed = timings.timed(ring(7, JobResult.waiting(KEY.filename(), 19),
        JobResult.failed(KEY.filename(), 19, "broken file")));

    timed.submit(REQUEST);
    timed.poll(KEY);
    timed.poll(KEY);

    assertThat(timings.millis(Phase.SUBMISSIONS)).isEqualTo(7);
    assertThat(timings.millis(Phase.RESULT_READS)).isEqualTo(7);
  }

  @Test
  void aFailedSubmissionCountsToo() {
    JobRing timed = timings.timed(ring(5));

    assertThatThrownBy(() -> timed.submit(REQUEST)).isInstanceOf(RemoteException.class);
    assertThat(timings.millis(Phase.SUBMISSIONS)).isEqualTo(5);
  }

  @Test
  void waitingIsTheCollectionLessItsSubmissionsAndReads() throws RemoteException {
    JobRing timed = timings.timed(ring(10, JobResult.waiting(KEY.filename(), 19),
        JobResult.failed(KEY.filename(), 19, "broken file")));
    timed.submit(REQUEST);
    timed.poll(KEY);
    timed.poll(KEY);

    timings.collected(TimeUnit.MILLISECONDS.toNanos(100));

    assertThat(timings.millis(Phase.WAITING)).isEqualTo(80);
  }

  @Test
  void theLineNamesEveryPhaseInOrder() {
    timings.add(Phase.RING_WALK, TimeUnit.MILLISECONDS.toNanos(45));
    timings.add(Phase.VALIDATION, TimeUnit.MILLISECONDS.toNanos(12));

    assertThat(timings.line()).isEqualTo("Time (ms): client start 0, ring walk 45, submissions 0, "
        + "waiting for training 0, result reads 0, validation 12");
  }

  @Test
  void theClientStartIsTheTimeSinceTheJvmStarted() {
    long sinceStart = System.currentTimeMillis()
        - java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();

    timings.started();

    assertThat(timings.millis(Phase.CLIENT_START)).isGreaterThanOrEqualTo(sinceStart);
  }
}
