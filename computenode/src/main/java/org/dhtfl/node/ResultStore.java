package org.dhtfl.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every result this node keeps, by job key: its own (waiting, refused or finished) and the copies
 * it keeps for neighbours. This is where a change to how results are kept goes: how many are kept
 * ({@link #MAX_RESULTS}, the oldest finished ones go first), how long the results of a federated
 * run stay unused ({@link #forgetIdleRuns}; the reference's put_data results stay, as the
 * reference keeps them), which results a later round supersedes ({@link #supersede}), when a copy is
 * kept ({@link #adopt}: never over a result already here), and the snapshot a leaving node hands over.
 *
 * <p>A job waiting here has a WAIT result, and only such a job has one: {@link JobExecutor} writes
 * it when it queues the job and replaces it when the job ends. The executor holds this store's
 * monitor while it changes its queue and a result together, so the two never disagree.
 */
public final class ResultStore {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  /** Results kept at most; the oldest go first. */
  static final int MAX_RESULTS = 100_000;
  /** How long a run's results stay when nobody uses them, unless the node is told otherwise. */
  public static final Duration DEFAULT_TTL = Duration.ofMinutes(10);

  private final int nodeId;
  // Guarded by this.
  private final Map<JobKey, JobResult> results = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<JobKey, JobResult> eldest) {
      return size() > MAX_RESULTS && eldest.getValue().status() != JobStatus.WAIT;
    }
  };
  // Guarded by this.
  private final IdleRuns runs;
  // Guarded by this. Per run and file, the latest round of which a finished result is here.
  private final Map<RunFile, Integer> latestDone = new HashMap<>();

  private record RunFile(String runId, String filename) {
    RunFile(JobKey key) {
      this(key.runId(), key.filename());
    }
  }

  /** The results of node {@code nodeId}, kept for {@link #DEFAULT_TTL} after their run's last use. */
  public ResultStore(int nodeId) {
    this(nodeId, DEFAULT_TTL);
  }

  /** @param resultTtl how long the results of a run stay after the run was last used */
  public ResultStore(int nodeId, Duration resultTtl) {
    this(nodeId, resultTtl, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
  }

  /** As the node's, with the time-to-live measured on the given monotonic clock in milliseconds. */
  ResultStore(int nodeId, Duration resultTtl, LongSupplier clockMillis) {
    this.nodeId = nodeId;
    this.runs = new IdleRuns(resultTtl, clockMillis);
  }

  /** The ID this node's results are reported under. */
  public int nodeId() {
    return nodeId;
  }

  /** What this node holds for the key; NOT_FOUND when nothing. Reading a result keeps its run's results. */
  public synchronized JobResult get(JobKey key) {
    JobResult result = results.get(key);
    if (result == null) {
      return JobResult.notFound(key.filename(), nodeId, "node " + nodeId + " has no job " + key);
    }
    used(key);
    return result;
  }

  /** What this node holds for the key, without counting as a use of its run. */
  synchronized Optional<JobResult> find(JobKey key) {
    return Optional.ofNullable(results.get(key));
  }

  /** Keeps a result of this node's own (waiting, or finished); its run is in use. */
  synchronized void record(JobKey key, JobResult result) {
    results.put(key, result);
    supersede(key, result);
    used(key);
    notifyAll();
  }

  /** Keeps a refusal of a job this node turned away; a refusal alone keeps no run in use. */
  synchronized void recordRefusal(JobKey key, JobResult refusal) {
    results.put(key, refusal);
    notifyAll();
  }

  /** The key's run is in use now (a job of it was submitted again). */
  synchronized void touch(JobKey key) {
    used(key);
  }

  /**
   * Keeps a finished result another node produced (a copy from the key's owner, or what a node that
   * now follows the owner holds), only where this node holds nothing for the key: a job waiting
   * here and a finished result, its own or a copy, are never replaced by a copy. Only this node's
   * own training ({@link #record}) replaces a finished result, so no other node can change what
   * this one answers; a copy gone stale because its owner trained the job again is found by the
   * client's checks, which send the job again.
   */
  synchronized void adopt(JobKey key, JobResult result) {
    if (result.status() == JobStatus.WAIT || latestDone.getOrDefault(new RunFile(key), 0) > key.round()) {
      return;
    }
    if (results.putIfAbsent(key, result) == null) {
      supersede(key, result);
    }
    used(key);
    notifyAll();
  }

  /**
   * A finished result of a round drops the finished result of an earlier round of the same run and
   * file, its own or a copy: a client reads only the round it runs (a resumed run starts with the
   * round after the last it recorded), so the earlier weights would only fill the heap until the
   * run's time-to-live, a model's worth per file and round. A copy of an earlier round than the one
   * here is not adopted.
   */
  // Guarded by this.
  private void supersede(JobKey key, JobResult result) {
    if (result.status() != JobStatus.DONE) {
      return;
    }
    RunFile file = new RunFile(key);
    Integer earlier = latestDone.get(file);
    if (earlier != null && earlier >= key.round()) {
      return;
    }
    latestDone.put(file, key.round());
    if (earlier != null) {
      JobKey superseded = new JobKey(key.runId(), earlier, key.filename());
      JobResult old = results.get(superseded);
      if (old != null && old.status() == JobStatus.DONE) {
        results.remove(superseded);
      }
    }
  }

  /**
   * Waits until none of the keys has a waiting job here, or for {@code wait} at most (results are
   * kept under this store's monitor, and each one kept wakes the waiters).
   *
   * @return whether none has
   */
  synchronized boolean awaitSettled(Collection<JobKey> keys, Duration wait) throws InterruptedException {
    long deadline = System.nanoTime() + wait.toNanos();
    while (keys.stream().anyMatch(this::waiting)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  // Guarded by this.
  private boolean waiting(JobKey key) {
    JobResult result = results.get(key);
    return result != null && result.status() == JobStatus.WAIT;
  }

  /**
   * Forgets every result, its own and the copies, of each federated run that nobody used for the
   * result time-to-live; a run with a job waiting or training here stays whole. The node calls it
   * on its maintenance tick.
   *
   * @return the results forgotten
   */
  public synchronized int forgetIdleRuns() {
    Set<String> idle = runs.idle();
    if (!idle.isEmpty()) {
      results.forEach((key, result) -> {
        if (result.status() == JobStatus.WAIT) {
          idle.remove(key.runId());
        }
      });
    }
    if (idle.isEmpty()) {
      return 0;
    }
    Map<String, Integer> forgotten = new TreeMap<>();
    results.keySet().removeIf(key -> {
      boolean expired = idle.contains(key.runId());
      if (expired) {
        forgotten.merge(key.runId(), 1, Integer::sum);
      }
      return expired;
    });
    idle.forEach(runs::forget);
    latestDone.keySet().removeIf(file -> idle.contains(file.runId()));
    forgotten.forEach((run, count) -> LOG.info("forgot {} result(s) of run {}: unused for {} s", count, run,
        runs.ttl().toSeconds()));
    return forgotten.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Runs whose last use this node tracks. */
  synchronized int trackedRuns() {
    return runs.size();
  }

  /** Every result, in the order they were first kept: what a leaving node hands over. */
  synchronized Map<JobKey, JobResult> snapshot() {
    return new LinkedHashMap<>(results);
  }

  /**
   * What this node holds, for the live page: the newest round of each run and file (a job queued
   * or training, a result, or a copy of another node's), newest round first, at most {@code limit}.
   *
   * @param training whether a worker trains the job of a WAIT result now (else it is queued)
   */
  synchronized List<HeldJob> overview(int limit, Predicate<JobKey> training) {
    Map<String, JobKey> newest = new HashMap<>();
    for (JobKey key : results.keySet()) {
      newest.merge(key.runId() + "/" + key.filename(), key, (a, b) -> b.round() > a.round() ? b : a);
    }
    List<HeldJob> held = new ArrayList<>();
    for (JobKey key : newest.values()) {
      JobResult result = results.get(key);
      HeldJob.State state = switch (result.status()) {
        case WAIT -> training.test(key) ? HeldJob.State.TRAINING : HeldJob.State.QUEUED;
        case DONE -> HeldJob.State.DONE;
        default -> HeldJob.State.FAILED;
      };
      held.add(new HeldJob(key, state, state == HeldJob.State.DONE || state == HeldJob.State.FAILED
          ? result.trainedBy() : OptionalInt.empty()));
    }
    held.sort(Comparator.comparingInt((HeldJob h) -> h.key().round()).reversed()
        .thenComparing(h -> h.key().runId()).thenComparing(h -> h.key().filename()));
    return held.size() > limit ? List.copyOf(held.subList(0, limit)) : held;
  }

  // Guarded by this. The reference's put_data run never expires.
  private void used(JobKey key) {
    if (!key.runId().equals(JobKey.REFERENCE_RUN)) {
      runs.use(key.runId());
    }
  }
}
