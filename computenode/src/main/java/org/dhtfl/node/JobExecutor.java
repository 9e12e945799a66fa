package org.dhtfl.node;

import java.io.IOException;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.LongSupplier;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The jobs this node trains and the results it holds: a bounded pool of workers, each job on
 * its own model and data, and every result (its own, or a copy kept for a neighbour) by job key.
 * The results of a federated run that nobody submits to, copies to or asks about for the
 * result time-to-live are forgotten by {@link #forgetIdleRuns()}, so that abandoned runs do not
 * hold memory; the reference's put_data results are kept, as the reference keeps them.
 */
public final class TrainingJobs implements AutoCloseable {

  /** What submit did. */
  public enum Submitted {
    /** Queued now. */
    QUEUED,
    /** Already waiting, or already done (and not to be trained again). */
    KNOWN,
    /** The job has no data and this node has no such file. */
    NEED_DATA,
    /** The queue is full; the result says so. */
    REFUSED
  }

  /** A result or a pending job, for the successor when this node leaves. */
  public record Held(JobKey key, JobResult result, Optional<JobRequest> pending) {
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  /** Results kept at most; the oldest go first. */
  private static final int MAX_RESULTS = 100_000;
  /**
   * The file data that queued jobs may hold in all: an eighth of the heap, at least 32 MiB (a job
   * carries at most 8 MiB). Beyond it a job is refused as busy, and the client sends it again.
   */
  static final long MAX_QUEUED_BYTES = Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 8);
  /** How long a run's results stay when nobody uses them, unless the node is told otherwise. */
  public static final Duration DEFAULT_RESULT_TTL = Duration.ofMinutes(10);

  private final DataSource data;
  private final ExecutorService pool;
  private final AtomicInteger nodeId = new AtomicInteger(-1);
  private final List<BiConsumer<JobKey, JobResult>> onDone = new CopyOnWriteArrayList<>();

  // Guarded by this.
  private final Map<JobKey, JobResult> results = new LinkedHashMap<>(16, 0.75f, false) {
    private static final long serialVersionUID = 1L;

    @Override
    protected boolean removeEldestEntry(Map.Entry<JobKey, JobResult> eldest) {
      return size() > MAX_RESULTS && eldest.getValue().status() != JobStatus.WAIT;
    }
  };
  private final Map<JobKey, JobRequest> pending = new LinkedHashMap<>();
  private final Set<JobKey> training = new HashSet<>();
  private final IdleRuns runs;
  // Guarded by this: the bytes of file data that pending jobs carry.
  private long queuedBytes;

  /** Jobs whose results are kept for {@link #DEFAULT_RESULT_TTL} after their run's last use. */
  public TrainingJobs(DataSource data, ExecutorService pool) {
    this(data, pool, DEFAULT_RESULT_TTL);
  }

  /**
   * @param data the files this node has
   * @param pool runs the training; one that refuses work (a full queue) makes submit answer REFUSED
   * @param resultTtl how long the results of a run stay after the run was last used
   */
  public TrainingJobs(DataSource data, ExecutorService pool, Duration resultTtl) {
    this(data, pool, resultTtl, () -> TimeUnit.NANOSECONDS.toMillis(System.nanoTime()));
  }

  /** As the node's, with the time-to-live measured on the given monotonic clock in milliseconds. */
  TrainingJobs(DataSource data, ExecutorService pool, Duration resultTtl, LongSupplier clockMillis) {
    this.data = Objects.requireNonNull(data, "data");
    this.pool = Objects.requireNonNull(pool, "pool");
    this.runs = new IdleRuns(resultTtl, clockMillis);
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

  /** The ID results are reported under, known once the node has joined. */
  public void nodeId(int id) {
    nodeId.set(id);
  }

  /** Called, besides the listeners added before, with every result this node finishes (not with adopted ones). */
  public void onDone(BiConsumer<JobKey, JobResult> listener) {
    onDone.add(Objects.requireNonNull(listener, "listener"));
  }

  /** True when the node has this file itself. */
  public boolean hasLocalFile(String filename) {
    return data.has(filename);
  }

  /**
   * Queues the job unless it is waiting already, or done and {@code retrainIfDone} is false. A
   * job without data needs the file in the data directory.
   */
  public Submitted submit(JobRequest request, boolean retrainIfDone) {
    JobKey key = request.key();
    synchronized (this) {
      JobResult known = results.get(key);
      if (known != null && (known.status() == JobStatus.WAIT || known.status() == JobStatus.DONE && !retrainIfDone)) {
        used(key);
        return Submitted.KNOWN;
      }
      if (request.data().isEmpty() && !hasLocalFile(key.filename())) {
        return Submitted.NEED_DATA;
      }
      long bytes = dataBytes(request);
      if (bytes > 0 && queuedBytes + bytes > MAX_QUEUED_BYTES) {
        JobResult busy = JobResult.busyWithData(key.filename(), nodeId.get(), queuedBytes);
        results.put(key, busy);
        LOG.warn("refused {}: {}", key, busy.reason());
        return Submitted.REFUSED;
      }
      results.put(key, JobResult.waiting(key.filename(), nodeId.get()));
      pending.put(key, request);
      queuedBytes += bytes;
      used(key);
    }
    try {
      pool.execute(() -> train(request));
      return Submitted.QUEUED;
    } catch (RejectedExecutionException e) {
      JobResult busy = JobResult.busy(key.filename(), nodeId.get(), waiting());
      finish(key, busy);
      LOG.warn("refused {}: {}", key, busy.reason());
      return Submitted.REFUSED;
    }
  }

  /** What this node holds for the key; NOT_FOUND when nothing. Reading a result keeps its run's results. */
  public synchronized JobResult status(JobKey key) {
    JobResult result = results.get(key);
    if (result == null) {
      return JobResult.notFound(key.filename(), nodeId.get(), "node " + nodeId.get() + " has no job " + key);
    }
    used(key);
    return result;
  }

  /** Keeps a result another node produced (a copy, or a leaving neighbour's); a waiting job here stays. */
  public synchronized void adopt(JobKey key, JobResult result) {
    if (result.status() == JobStatus.WAIT) {
      return;
    }
    results.merge(key, result, (mine, theirs) -> mine.status() == JobStatus.WAIT ? mine : theirs);
    used(key);
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
    pending.keySet().forEach(key -> idle.remove(key.runId()));
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
    forgotten.forEach((run, count) -> LOG.info("forgot {} result(s) of run {}: unused for {} s", count, run,
        runs.ttl().toSeconds()));
    return forgotten.values().stream().mapToInt(Integer::intValue).sum();
  }

  /** Runs whose last use this node tracks. */
  synchronized int trackedRuns() {
    return runs.size();
  }

  /** Stops training and returns every result and pending job, for the successor. */
  public synchronized List<Held> handOver() {
    pool.shutdownNow();
    List<Held> held = new ArrayList<>();
    results.forEach((key, result) -> held.add(new Held(key, result, Optional.ofNullable(pending.get(key)))));
    return held;
  }

  /** Jobs waiting or training. */
  public synchronized int pending() {
    return pending.size();
  }

  /** Jobs a worker trains now. */
  public synchronized int training() {
    return training.size();
  }

  /**
   * What this node holds, for the live page: the newest round of each run and file (a job queued
   * or training, a result, or a copy of another node's), newest round first, at most {@code limit}.
   */
  public synchronized List<HeldJob> held(int limit) {
    Map<String, JobKey> newest = new HashMap<>();
    for (JobKey key : results.keySet()) {
      newest.merge(key.runId() + "/" + key.filename(), key, (a, b) -> b.round() > a.round() ? b : a);
    }
    List<HeldJob> held = new ArrayList<>();
    for (JobKey key : newest.values()) {
      JobResult result = results.get(key);
      HeldJob.State state = switch (result.status()) {
        case WAIT -> training.contains(key) ? HeldJob.State.TRAINING : HeldJob.State.QUEUED;
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

  /** The CPU time of this thread so far, in ns; 0 where the JVM does not measure it. */
  private static long cpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : 0;
  }

  private int waiting() {
    return pool instanceof ThreadPoolExecutor bounded ? bounded.getQueue().size() : pending();
  }

  private void train(JobRequest request) {
    JobKey key = request.key();
    synchronized (this) {
      training.add(key);
    }
    long started = System.nanoTime();
    long startedCpu = cpuNanos();
    JobResult result;
    try {
      TrainingConfig config = TrainingSpecs.config(request.spec());
      Dataset rows = load(request, config.classes());
      Weights start = TrainingSpecs.start(request, config).orElseGet(() -> config.startWeights(rows.features()));
      if (rows.features() != start.shape().inputs()) {
        throw new IllegalArgumentException(key.filename() + " has " + rows.features() + " features, the model "
            + start.shape().inputs() + " inputs");
      }
      TrainingSpecs.checkCost(rows.rows(), start.shape(), config.options().epochs());
      TrainingResult trained = config.train(start, rows);
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      result = new JobResult(key.filename(), JobStatus.DONE, Optional.of(TrainingSpecs.rows(trained.delta())),
          trained.errorRate(), trained.rows(), trained.epochs(), millis, OptionalInt.of(nodeId.get()), config.seed(),
          config.init().label(), "");
      LOG.info("trained {}: {} rows, {} epochs, training error {}, {} ms ({} ms CPU)", key, trained.rows(),
          trained.epochs(), String.format("%.4f", trained.errorRate()), millis,
          TimeUnit.NANOSECONDS.toMillis(cpuNanos() - startedCpu));
    } catch (NoSuchFileException e) {
      result = JobResult.failed(key.filename(), nodeId.get(), "no file " + key.filename() + " in " + data);
    } catch (IOException e) {
      result = JobResult.failed(key.filename(), nodeId.get(), e.getMessage());
    } catch (RuntimeException e) {
      result = JobResult.failed(key.filename(), nodeId.get(), "training " + key.filename() + " failed: "
          + e.getMessage());
    } catch (Throwable e) {
      // An Error too (out of memory, a stack overflow): the job fails with its reason rather than
      // stay waiting for ever, and the worker goes on with the next job.
      result = JobResult.failed(key.filename(), nodeId.get(), "training " + key.filename() + " failed: " + e);
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

  private synchronized void finish(JobKey key, JobResult result) {
    training.remove(key);
    JobRequest done = pending.remove(key);
    if (done != null) {
      queuedBytes -= dataBytes(done);
    }
    results.put(key, result);
    used(key);
  }

  private static long dataBytes(JobRequest request) {
    return request.data().map(d -> (long) d.length).orElse(0L);
  }

  // Guarded by this. The reference's put_data run never expires.
  private void used(JobKey key) {
    if (!key.runId().equals(JobKey.REFERENCE_RUN)) {
      runs.use(key.runId());
    }
  }

  private Dataset load(JobRequest request, int classes) throws IOException {
    String name = request.key().filename();
    if (request.data().isPresent()) {
      return parse(name, request.data().get(), classes);
    }
    return data.read(name, classes);
  }

  /**
   * A file's rows: from the bytes given, else from this node's own file; empty when the node has no
   * such file and no bytes came. A file that does not parse fails naming the line.
   */
  public Optional<Dataset> rows(String filename, Optional<byte[]> bytes, int classes) throws IOException {
    if (bytes.isPresent()) {
      return Optional.of(parse(filename, bytes.get(), classes));
    }
    if (!hasLocalFile(filename)) {
      return Optional.empty();
    }
    try {
      return Optional.of(data.read(filename, classes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  private static Dataset parse(String filename, byte[] bytes, int classes) throws IOException {
    return CsvData.parse(filename, new StringReader(new String(bytes, StandardCharsets.UTF_8)), classes);
  }

  /** The file's bytes, when this node has it. */
  public Optional<byte[]> localBytes(String filename) {
    return data.bytes(filename);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
