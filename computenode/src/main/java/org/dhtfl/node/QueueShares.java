package org.dhtfl.node;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The share of the job queue each run may hold, so that one run (or anyone who makes one: a run is
 * only a secret) cannot fill the queue or its byte budget while others wait. Below half of either
 * limit every run queues freely, and a run that holds nothing here is never refused by its share.
 * From half on, a run is refused once it holds an equal share of that half: half the limit divided
 * by the runs with jobs here, itself included. Shares below {@link #MIN_JOBS} jobs or
 * {@link #MIN_BYTES} bytes are not enforced: a queue (set small with --queue) or a budget too small
 * to share is first come, first served. A refused job is
 * answered as busy and its client sends it again; the runs' jobs are then trained in turn
 * ({@link JobExecutor}). It keeps what each run holds; the queue's totals are the executor's. Not
 * thread-safe: the executor calls it under its lock.
 */
final class QueueShares {

  /** The smallest share of jobs enforced. */
  static final int MIN_JOBS = 16;
  /** The smallest share of bytes enforced. */
  static final long MIN_BYTES = 1 << 20;

  private record Held(int jobs, long bytes) {
  }

  private final int maxJobs;
  private final long maxBytes;
  private final Map<String, Held> byRun = new HashMap<>();

  /**
   * @param maxJobs the jobs the queue takes in all
   * @param maxBytes the bytes of job data the queue takes in all
   */
  QueueShares(int maxJobs, long maxBytes) {
    if (maxJobs < 1 || maxBytes < 1) {
      throw new IllegalArgumentException("a queue of " + maxJobs + " jobs and " + maxBytes + " bytes");
    }
    this.maxJobs = maxJobs;
    this.maxBytes = maxBytes;
  }

  /**
   * Why the run may not queue another job of {@code jobBytes} now, or empty when it may.
   *
   * @param jobs the jobs the queue holds now, of every run
   * @param bytes the bytes of job data the queue holds now, of every run
   */
  Optional<String> refusal(String runId, long jobBytes, int jobs, long bytes) {
    Held held = byRun.getOrDefault(runId, new Held(0, 0));
    int runs = byRun.size() + (byRun.containsKey(runId) ? 0 : 1);
    if (held.jobs() == 0) {
      return Optional.empty();
    }
    int share = maxJobs / 2 / runs;
    if (share >= MIN_JOBS && 2L * jobs >= maxJobs && held.jobs() >= share) {
      return Optional.of(String.format("run %s holds %d jobs, its share of the queue (%d jobs wait, %d runs)",
          runId, held.jobs(), jobs, runs));
    }
    long byteShare = maxBytes / 2 / runs;
    if (byteShare >= MIN_BYTES && jobBytes > 0 && 2 * (bytes + jobBytes) > maxBytes
        && held.bytes() + jobBytes > byteShare) {
      return Optional.of(String.format("run %s holds %d KiB of job data, its share of the queue (%d MiB wait, "
          + "%d runs)", runId, held.bytes() >> 10, bytes >> 20, runs));
    }
    return Optional.empty();
  }

  void add(String runId, long jobBytes) {
    byRun.merge(runId, new Held(1, jobBytes), (a, b) -> new Held(a.jobs() + b.jobs(), a.bytes() + b.bytes()));
  }

  void remove(String runId, long jobBytes) {
    Held held = byRun.get(runId);
    if (held == null) {
      return;
    }
    if (held.jobs() <= 1) {
      byRun.remove(runId);
    } else {
      byRun.put(runId, new Held(held.jobs() - 1, held.bytes() - jobBytes));
    }
  }
}
