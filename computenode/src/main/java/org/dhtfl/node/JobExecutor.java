package org.dhtfl.node;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.NoSuchFileException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the jobs this node owns: a bounded pool of workers, each job on its own model and data,
 * and a bound on the file data that queued jobs hold. A job's result goes to the node's
 * {@link ResultStore}: WAIT when it is queued, the outcome when it ends. The queue is guarded by
 * the store's monitor, so a job's place in the queue and its result change together.
 */
public final class JobExecutor implements AutoCloseable {

  /** What submit did. */
  public enum Submitted {
    /** Queued now. */
    QUEUED,
    /** Already waiting, or already done (and not to be trained again). */
    KNOWN,
    /** The job has no data and this node has no such file. */
    NEED_DATA,
    /** The queue is full, or the job would cost more than a node takes; the result says so. */
    REFUSED
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  /**
   * The file data that queued jobs may hold in all: an eighth of the heap, at least 32 MiB (a job
   * carries at most 8 MiB). Beyond it a job is refused as busy, and the client sends it again.
   */
  static final long MAX_QUEUED_BYTES = Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 8);

  private final FileRows files;
  private final ExecutorService pool;
  private final ResultStore results;
  private final int nodeId;
  private final List<BiConsumer<JobKey, JobResult>> onDone = new CopyOnWriteArrayList<>();

  // Guarded by results.
  private final Map<JobKey, JobRequest> pending = new LinkedHashMap<>();
  // Guarded by results: the queued jobs no worker has taken yet, by run, the runs in turn order.
  private final LinkedHashMap<String, ArrayDeque<JobRequest>> queuedByRun = new LinkedHashMap<>();
  private final Set<JobKey> training = new HashSet<>();
  // Guarded by results: the bytes of file data that pending jobs carry.
  private long queuedBytes;
  // Guarded by results: what each run's pending jobs hold of the queue.
  private final QueueShares shares;

  /**
   * @param data the files this node has
   * @param pool runs the training; one that refuses work (a full queue) makes submit answer REFUSED
   * @param results where the jobs' results go, under the store's node ID
   */
  public JobExecutor(DataSource data, ExecutorService pool, ResultStore results) {
    this.files = new FileRows(data);
    this.pool = Objects.requireNonNull(pool, "pool");
    this.results = Objects.requireNonNull(results, "results");
    this.nodeId = results.nodeId();
    this.shares = new QueueShares(pool instanceof ThreadPoolExecutor bounded
        ? bounded.getQueue().size() + bounded.getQueue().remainingCapacity() : Integer.MAX_VALUE, MAX_QUEUED_BYTES);
  }

  /**
   * The node's pool: daemon threads named trainer-N.
   *
   * @param workers jobs trained at once
   * @param queueCapacity jobs that may wait for a worker; more are refused
   */
  public static ThreadPoolExecutor boundedPool(int workers, int queueCapacity) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers " + workers + " must be at least 1");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity " + queueCapacity + " must be at least 1");
    }
    AtomicInteger threads = new AtomicInteger();
    return new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
        r -> {
          Thread t = new Thread(r, "trainer-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  /** The store the jobs' results go to. */
  public ResultStore results() {
    return results;
  }

  /** The files the jobs train on. */
  public FileRows files() {
    return files;
  }

  /** Called, besides the listeners added before, with every result this node finishes (not with adopted ones). */
  public void onDone(BiConsumer<JobKey, JobResult> listener) {
    onDone.add(Objects.requireNonNull(listener, "listener"));
  }

  /**
   * Queues the job unless it is waiting already, or done and {@code retrainIfDone} is false. A
   * job without data needs the file in the data directory.
   */
  public Submitted submit(JobRequest request, boolean retrainIfDone) {
    JobKey key = request.key();
    Optional<String> tooCostly = TrainingSpecs.tooCostly(request, () -> files.bytes(key.filename()));
    synchronized (results) {
      Optional<JobResult> known = results.find(key);
      if (known.isPresent() && (known.get().status() == JobStatus.WAIT
          || known.get().status() == JobStatus.DONE && !retrainIfDone)) {
        results.touch(key);
        return Submitted.KNOWN;
      }
      if (request.data().isEmpty() && !files.has(key.filename())) {
        return Submitted.NEED_DATA;
      }
      if (tooCostly.isPresent()) {
        results.recordRefusal(key, JobResult.failed(key.filename(), nodeId, tooCostly.get()));
        LOG.warn("refused {}: {}", key, tooCostly.get());
        return Submitted.REFUSED;
      }
      long bytes = dataBytes(request);
      if (bytes > 0 && queuedBytes + bytes > MAX_QUEUED_BYTES) {
        JobResult busy = JobResult.busyWithData(key.filename(), nodeId, queuedBytes);
        results.recordRefusal(key, busy);
        LOG.warn("refused {}: {}", key, busy.reason());
        return Submitted.REFUSED;
      }
      Optional<String> overShare = shares.refusal(key.runId(), bytes, pending.size(), queuedBytes);
      if (overShare.isPresent()) {
        results.recordRefusal(key, JobResult.busyForRun(key.filename(), nodeId, overShare.get()));
        LOG.debug("refused {}: {}", key, overShare.get());
        return Submitted.REFUSED;
      }
      results.record(key, JobResult.waiting(key.filename(), nodeId));
      pending.put(key, request);
      queuedByRun.computeIfAbsent(key.runId(), run -> new ArrayDeque<>()).add(request);
      queuedBytes += bytes;
      shares.add(key.runId(), bytes);
    }
    try {
      pool.execute(this::trainNext);
      return Submitted.QUEUED;
    } catch (RejectedExecutionException e) {
      synchronized (results) {
        ArrayDeque<JobRequest> queued = queuedByRun.get(key.runId());
        if (queued != null && queued.removeLastOccurrence(request) && queued.isEmpty()) {
          queuedByRun.remove(key.runId());
        }
      }
      JobResult busy = JobResult.busy(key.filename(), nodeId, waiting());
      finish(key, busy);
      LOG.warn("refused {}: {}", key, busy.reason());
      return Submitted.REFUSED;
    }
  }

  /**
   * Keeps the failure of a job this node decided without training it (put_data of a file it does
   * not have), so that asking for the job answers with the reason; a job waiting here stays.
   */
  public void recordFailure(JobKey key, JobResult failure) {
    results.adopt(key, failure);
  }

  /** Jobs waiting or training. */
  public int pending() {
    synchronized (results) {
      return pending.size();
    }
  }

  /** Jobs a worker trains now. */
  public int training() {
    synchronized (results) {
      return training.size();
    }
  }

  /** What this node holds, for the live page (see {@link ResultStore#overview}). */
  public List<HeldJob> overview(int limit) {
    synchronized (results) {
      return results.overview(limit, training::contains);
    }
  }

  /** Stops training and returns every result with the request of each job not finished, for the successor. */
  public List<HandedJob> stop() {
    synchronized (results) {
      pool.shutdownNow();
      List<HandedJob> handed = new ArrayList<>();
      results.snapshot().forEach((key, result) ->
          handed.add(new HandedJob(key, result, Optional.ofNullable(pending.get(key)))));
      return handed;
    }
  }

  /** The CPU time of this thread so far, in ns; 0 where the JVM does not measure it. */
  private static long cpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }

  private int waiting() {
    return pool instanceof ThreadPoolExecutor bounded ? bounded.getQueue().size() : pending();
  }

  /**
   * Trains the next queued job, taking the runs in turn: each task the pool runs trains one job,
   * the oldest of the run whose turn it is, so a run that queued thousands of jobs delays another
   * run's next job by one job per worker, not by its whole queue.
   */
  private void trainNext() {
    JobRequest next;
    synchronized (results) {
      Iterator<Map.Entry<String, ArrayDeque<JobRequest>>> runs = queuedByRun.entrySet().iterator();
      if (!runs.hasNext()) {
        return;
      }
      Map.Entry<String, ArrayDeque<JobRequest>> turn = runs.next();
      next = turn.getValue().poll();
      runs.remove();
      if (!turn.getValue().isEmpty()) {
        queuedByRun.put(turn.getKey(), turn.getValue());
      }
    }
    if (next != null) {
      train(next);
    }
  }

  private void train(JobRequest request) {
    JobKey key = request.key();
    synchronized (results) {
      training.add(key);
    }
    long started = System.nanoTime();
    long startedCpu = cpuNanos();
    JobResult result;
    try {
      TrainingConfig config = TrainingSpecs.config(request.spec());
      Dataset rows = files.load(key.filename(), request.data(), config.classes());
      Weights start = TrainingSpecs.start(request, config).orElseGet(() -> config.startWeights(rows.features()));
      if (rows.features() != start.shape().inputs()) {
        throw new IllegalArgumentException(key.filename() + " has " + rows.features() + " features, the model "
            + start.shape().inputs() + " inputs");
      }
      TrainingSpecs.checkCost(rows.rows(), start.shape(), config.options().epochs());
      TrainingResult trained = config.train(start, rows);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      result = new JobResult(key.filename(), JobStatus.DONE, Optional.of(TrainingSpecs.rows(trained.delta())),
          trained.errorRate(), trained.rows(), trained.epochs(), millis, OptionalInt.of(nodeId), config.seed(),
          config.init().label(), "");
      LOG.info("trained {}: {} rows, {} epochs, training error {}, {} ms ({} ms CPU)", key, trained.rows(),
          trained.epochs(), String.format("%.4f", trained.errorRate()), millis,
          TimeUnit.NANOSECONDS.toMillis(cpuNanos() - startedCpu));
    } catch (NoSuchFileException e) {
      result = JobResult.failed(key.filename(), nodeId, "no file " + key.filename() + " in " + files);
    } catch (IOException e) {
      result = JobResult.failed(key.filename(), nodeId, e.getMessage());
    } catch (RuntimeException e) {
      result = JobResult.failed(key.filename(), nodeId, "training " + key.filename() + " failed: "
          + e.getMessage());
    } catch (Throwable e) {
      // An Error too (out of memory, a stack overflow): the job fails with its reason rather than
      // stay waiting for ever, and the worker goes on with the next job.
      result = JobResult.failed(key.filename(), nodeId, "training " + key.filename() + " failed: " + e);
    }
    if (pool.isShutdown()) {
      return;
    }
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("job {} failed: {}", key, result.reason());
    }
    finish(key, result);
    for (BiConsumer<JobKey, JobResult> listener : onDone) {
      listener.accept(key, result);
    }
  }

  private void finish(JobKey key, JobResult result) {
    synchronized (results) {
      training.remove(key);
      JobRequest done = pending.remove(key);
      if (done != null) {
        queuedBytes -= dataBytes(done);
        shares.remove(key.runId(), dataBytes(done));
      }
      results.record(key, result);
    }
  }

  private static long dataBytes(JobRequest request) {
    return request.data().map(d -> (long) d.length).orElse(0L);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
