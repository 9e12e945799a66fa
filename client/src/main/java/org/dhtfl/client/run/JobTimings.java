package org.dhtfl.client.run;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.dhtfl.client.rounds.Attempt;
import org.dhtfl.client.rounds.JobRing;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.rpc.RemoteException;

/**
 * Where the reference job's time goes (client --timings; scripts/bench-e2e.sh prints it per phase).
 * The collection of results splits into the calls that submitted jobs, the calls that read a final
 * result, and the rest: polls answered "wait", the pauses between them, and the averaging. Only the
 * client's own thread adds to it. The reference job writes no run folder, so none is timed.
 */
public final class JobTimings {

  /** The phases, in the order a job runs them. */
  enum Phase {
    CLIENT_START("client start"),
    RING_WALK("ring walk"),
    SUBMISSIONS("submissions"),
    WAITING("waiting for training"),
    RESULT_READS("result reads"),
    VALIDATION("validation");

    private final String label;

    Phase(String label) {
      this.label = label;
    }
  }

  private final Map<Phase, Long> nanos = new EnumMap<>(Phase.class);
  private final LongSupplier clock;

  JobTimings() {
    this(System::nanoTime);
  }

  /** @param clock nanoseconds, as System.nanoTime counts them */
  JobTimings(LongSupplier clock) {
    this.clock = clock;
    for (Phase phase : Phase.values()) {
      nanos.put(phase, 0L);
    }
  }

  /** Counts the time from the JVM's start to now as the client's start. */
  void started() {
    long jvmStartMs = ManagementFactory.getRuntimeMXBean().getStartTime();
    add(Phase.CLIENT_START, Math.max(0, System.currentTimeMillis() - jvmStartMs) * 1_000_000);
  }

  void add(Phase phase, long elapsedNanos) {
    nanos.merge(phase, elapsedNanos, Long::sum);
  }

  /** Adds the part of {@code collectNanos} (the whole collection) that no submission or read took, as waiting. */
  void collected(long collectNanos) {
    add(Phase.WAITING, Math.max(0, collectNanos - nanos.get(Phase.SUBMISSIONS) - nanos.get(Phase.RESULT_READS)));
  }

  long millis(Phase phase) {
    return nanos.get(phase) / 1_000_000;
  }

  /** The ring with the time of its calls added: submissions, and polls that found the result final. */
  JobRing timed(JobRing ring) {
    return new JobRing() {
      @Override
      public SubmitAnswer submit(JobRequest request) throws RemoteException {
        long started = clock.getAsLong();
        try {
          return ring.submit(request);
        } finally {
          add(Phase.SUBMISSIONS, clock.getAsLong() - started);
        }
      }

      @Override
      public JobResult poll(JobKey key) throws RemoteException {
        long started = clock.getAsLong();
        JobResult result = ring.poll(key);
        if (result.status() != JobStatus.WAIT) {
          add(Phase.RESULT_READS, clock.getAsLong() - started);
        }
        return result;
      }

      @Override
      public List<Attempt<SubmitAnswer>> submitAll(List<JobRequest> requests) {
        long started = clock.getAsLong();
        try {
          return ring.submitAll(requests);
        } finally {
          add(Phase.SUBMISSIONS, clock.getAsLong() - started);
        }
      }

      /** A read of many files counts whole (its wait at the owners included) when it found a final result. */
      @Override
      public List<Attempt<JobResult>> pollAll(List<JobKey> keys, Duration wait) {
        long started = clock.getAsLong();
        List<Attempt<JobResult>> attempts = ring.pollAll(keys, wait);
        if (attempts.stream().anyMatch(a -> a.answer().filter(r -> r.status() != JobStatus.WAIT).isPresent())) {
          add(Phase.RESULT_READS, clock.getAsLong() - started);
        }
        return attempts;
      }

      @Override
      public boolean waits() {
        return ring.waits();
      }
    };
  }

  /** One line: "Time (ms): client start 412, ring walk 45, ...", every phase in order. */
  String line() {
    return "Time (ms): " + nanos.entrySet().stream()
        .map(e -> String.format(Locale.ROOT, "%s %d", e.getKey().label, e.getValue() / 1_000_000))
        .collect(Collectors.joining(", "));
  }
}
