package org.dhtfl.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The files this node trains: a bounded pool of workers, each job on its own model and data, and
 * the result of every job by file name. Submitting a file that is waiting does nothing;
 * submitting a finished one trains it again, as the reference does.
 */
public final class TrainingJobs implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final Path dataDir;
  private final TrainingConfig config;
  private final ThreadPoolExecutor pool;
  private final ConcurrentHashMap<String, JobResult> results = new ConcurrentHashMap<>();
  private final AtomicInteger nodeId = new AtomicInteger(-1);

  /**
   * @param workers jobs trained at once
   * @param queueCapacity jobs that may wait for a worker; more are refused with a reason
   */
  public TrainingJobs(Path dataDir, TrainingConfig config, int workers, int queueCapacity) {
    if (workers < 1) {
      throw new IllegalArgumentException("workers " + workers + " must be at least 1");
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queue capacity " + queueCapacity + " must be at least 1");
    }
    this.dataDir = dataDir;
    this.config = config;
    AtomicInteger threads = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(workers, workers, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueCapacity),
        r -> {
          Thread t = new Thread(r, "trainer-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }

  public TrainingConfig config() {
    return config;
  }

  /** The ID results are reported under, known once the node has joined. */
  public void nodeId(int id) {
    nodeId.set(id);
  }

  /** Queues the file for training unless it is already waiting; a bad name is recorded as failed. */
  public void submit(String filename) {
    try {
      FileNames.check(filename);
    } catch (IllegalArgumentException e) {
      results.put(filename, JobResult.failed(filename, nodeId.get(), e.getMessage()));
      LOG.warn("refused {}: {}", FileNames.printable(filename), e.getMessage());
      return;
    }
    AtomicReference<JobResult> created = new AtomicReference<>();
    results.compute(filename, (name, old) -> {
      if (old != null && old.status() == JobStatus.WAIT) {
        return old;
      }
      JobResult waiting = JobResult.waiting(name, nodeId.get());
      created.set(waiting);
      return waiting;
    });
    if (created.get() == null) {
      return;
    }
    try {
      pool.execute(() -> train(filename));
    } catch (RejectedExecutionException e) {
      String reason = "node " + nodeId.get() + " is busy: " + pool.getQueue().size() + " jobs already wait";
      results.put(filename, JobResult.failed(filename, nodeId.get(), reason));
      LOG.warn("refused {}: {}", filename, reason);
    }
  }

  /** The file's result, or NOT_FOUND when this node has never been given it. */
  public JobResult status(String filename) {
    JobResult result = results.get(filename);
    return result != null ? result
        : JobResult.notFound(filename, nodeId.get(), "node " + nodeId.get() + " has no job for " + filename);
  }

  /**
   * Keeps a result another node handed over (a leaving predecessor's). A job of the same file
   * waiting here already is left alone.
   */
  public void adopt(JobResult result) {
    results.merge(result.filename(), result, (mine, theirs) -> mine.status() == JobStatus.WAIT ? mine : theirs);
  }

  /**
   * Stops training and returns every result and every file still waiting, for the successor to
   * take over when this node leaves.
   */
  public java.util.List<JobResult> handOver() {
    pool.shutdownNow();
    return java.util.List.copyOf(results.values());
  }

  /** Jobs waiting or training. */
  public int pending() {
    return (int) results.values().stream().filter(r -> r.status() == JobStatus.WAIT).count();
  }

  private void train(String filename) {
    long started = System.nanoTime();
    JobResult result;
    try {
      Path file = dataDir.resolve(filename);
      if (!Files.isRegularFile(file)) {
        throw new NoSuchFileException(file.toString());
      }
      Dataset data = CsvData.read(file, config.classes());
      Weights start = Weights.initial(config.shapeFor(data.features()), config.seed());
      TrainingResult trained = Trainer.train(start, data, config.options());
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      result = new JobResult(filename, JobStatus.DONE, Optional.of(trained.delta()), trained.errorRate(),
          trained.rows(), trained.epochs(), millis, nodeId.get(), config.seed(), "");
      LOG.info("trained {}: {} rows, {} epochs, training error {}, {} ms", filename, trained.rows(),
          trained.epochs(), String.format("%.4f", trained.errorRate()), millis);
    } catch (NoSuchFileException e) {
      result = JobResult.failed(filename, nodeId.get(), "no file " + filename + " in " + dataDir);
    } catch (IOException e) {
      result = JobResult.failed(filename, nodeId.get(), e.getMessage());
    } catch (RuntimeException e) {
      result = JobResult.failed(filename, nodeId.get(), "training " + filename + " failed: " + e);
    }
    if (pool.isShutdown()) {
      return;
    }
    if (result.status() == JobStatus.FAILED) {
      LOG.warn("job {} failed: {}", filename, result.reason());
    }
    results.put(filename, result);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
