package org.dhtfl.node;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains on made-up rows of the reference's shape (a 500-row file of 16 features) until the JIT has
 * compiled the training kernels, so that a node's first real files train as fast as its later ones.
 * The node runs it before it asks to join (ComputeNodeServer), so a client never meets a node that
 * still compiles. It goes through the code a job does: CSV parsing, the trainer with the pass this
 * JVM uses (the Vector API's or the plain one), the error rate and the weight change. Its results are
 * thrown away; nothing in it touches the node's state, so no result of a real job changes.
 *
 * <p>It warms two models in turn: the node's own (the reference's, unless told otherwise), then a
 * small model of the kind `--hidden 256,128 --batch 32 --optimizer adam --standardize` asks for
 * ({@link #layered}), whose passes and steps are other code; the JIT compiles code, not shapes, so a
 * small one compiles what the large one runs. Without it, a node's first jobs of the layered model
 * trained for 1.2 s each instead of 0.1 s while C2 compiled them (the first round of a run 2.9 to
 * 3.3 s instead of 1.4 to 1.9 s).
 *
 * <p>When it stops: after at least {@link #MIN_TRAININGS} trainings (by then every kernel has been
 * called often enough for C2), at the first training during which the JIT finished no compilation and
 * after which it has nothing compiling or queued; at most {@link #MAX_TRAININGS} trainings or
 * {@link #BUDGET}, whichever comes first, so that a JVM that keeps compiling still starts.
 * reports/design.md ("Warm start") has the figures.
 */
public final class Warmup {

  /** What the warm-up asks of the JIT. */
  interface Jit {
    /** Total time the JIT spent on finished compilations so far, in ms. */
    long compiledMillis();

    /** True when no compilation runs or waits. */
    boolean idle();
  }

  static final int MIN_TRAININGS = 3;
  static final int MAX_TRAININGS = 30;
  static final Duration BUDGET = Duration.ofSeconds(20);
  /** Compilation below this during one training counts as none (stray compilations of other code). */
  static final long QUIET_MS = 5;
  private static final int ROWS = 500;
  private static final int SMALL_ROWS = 20;
  private static final int SMALL_PARSES = 20;
  private static final int FEATURES = 16;
  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  private static final Object LOCK = new Object();
  private static boolean done;

  private Warmup() {
  }

  /**
   * Warms this JVM's trainer for the config, once per JVM (the JIT's work is the JVM's): a later call
   * returns at once. Returns the trainings it ran, 0 when the JVM was warm already.
   *
   * @param stopped checked between trainings: the node was told to stop, so the warm-up ends
   */
  public static int run(TrainingConfig config, BooleanSupplier stopped) {
    synchronized (LOCK) {
      if (done) {
        return 0;
      }
      long started = System.nanoTime();
      Jit jit = HotSpotJit.create();
      int own = warm(config, jit, BUDGET, stopped);
      int layered = warm(layered(config.classes()), jit, BUDGET, stopped);
      // The trainings' garbage, much of it promoted to the old generation, goes now, before the node
      // serves: else the serial collector's first full collection came during a client's first job
      // (70 ms with the busiest node's trainings stopped; reports/benchmarks.md).
      System.gc();
      done = true;
      LOG.info("trainer warmed up in {} ms ({} trainings of the node's model, {} of a layered one)",
          (System.nanoTime() - started) / 1_000_000, own, layered);
      return own + layered;
    }
  }

  /**
   * Trains until a training passes with the JIT quiet and leaves it idle, within the bounds above and
   * until {@code stopped}; returns the trainings run.
   */
  static int warm(TrainingConfig config, Jit jit, Duration budget, BooleanSupplier stopped) {
    long deadline = System.nanoTime() + budget.toNanos();
    String csv = csv(config.classes(), ROWS);
    Optional<Path> file = written(csv);
    String small = csv(config.classes(), SMALL_ROWS);
    Optional<Path> smallFile = written(small);
    Weights start = config.startWeights(FEATURES);
    TrainingConfig throughout = new TrainingConfig(config.kind(), config.layers(), config.classes(), config.seed(),
        config.options().withEarlyStop(false), config.init(), config.standardization());
    int trainings = 0;
    boolean compiled = false;
    while (!compiled && trainings < MAX_TRAININGS && System.nanoTime() < deadline && !stopped.getAsBoolean()) {
      long before = jit.compiledMillis();
      Dataset data = parsedBothWays(csv, file, config.classes());
      // C2 compiles a method called a few times per job only after hundreds of calls: small files,
      // parsed often, get the parser there before the node serves (else it did at a client's first
      // rounds, 100 to 240 ms of a core each time).
      for (int i = 0; i < SMALL_PARSES; i++) {
        parsedBothWays(small, smallFile, config.classes());
      }
      TrainingResult trained = throughout.train(start, data);
      TrainingSpecs.rows(trained.delta());
      Trainer.errorRate(trained.trained(), throughout.prepare(data));
      trainings++;
      boolean quiet = jit.compiledMillis() - before < QUIET_MS;
      compiled = trainings >= MIN_TRAININGS && quiet && jit.idle();
    }
    file.ifPresent(Warmup::delete);
    smallFile.ifPresent(Warmup::delete);
    return trainings;
  }

  /**
   * A small model of two hidden layers (64 and 32 units), Adam on minibatches of 32, He's start
   * weights and standardised inputs, two epochs: the code of the layered models, at a tenth of the
   * cost of a job of 256 and 128 units.
   */
  static TrainingConfig layered(int classes) {
    double[] mean = new double[FEATURES];
    double[] scale = new double[FEATURES];
    Arrays.fill(mean, 8);
    Arrays.fill(scale, 4.5);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(2).withEta(3e-3).withBatch(32)
        .withOptimizer(Optimizer.ADAM);
    return new TrainingConfig(ModelKind.MLP, List.of(64, 32), classes, 1, options, StartWeights.HE,
        Optional.of(new Standardization(mean, scale)));
  }

  /** A file of the reference's shape, parsed as a job's file is, with classes that can be told apart. */
  static Dataset rows(int classes) {
    return parse(csv(classes, ROWS), classes);
  }

  /**
   * The rows parsed as a job parses its file, from the bytes it carries and (when there is one) from the
   * data directory: both readers, so that C2 compiles the parser here with the profile it meets in
   * service. The file's rows when there is one, else the text's.
   */
  private static Dataset parsedBothWays(String csv, Optional<Path> file, int classes) {
    Dataset fromText = parse(csv, classes);
    return file.map(f -> read(f, classes)).orElse(fromText);
  }

  /** The rows as the bytes of a job that carries its file are parsed ({@link FileRows}). */
  private static Dataset parse(String csv, int classes) {
    try {
      return CsvData.parse("warm-up", new StringReader(csv), classes);
    } catch (IOException e) {
      throw new UncheckedIOException("warm-up rows do not parse", e);
    }
  }

  /** The rows as a file of the data directory is read ({@link DataSource}). */
  private static Dataset read(Path file, int classes) {
    try {
      return CsvData.read(file, classes);
    } catch (IOException e) {
      throw new UncheckedIOException("warm-up rows do not parse from " + file, e);
    }
  }

  /** The rows in a temporary file; none when there is no writable temporary folder (then only the text is parsed). */
  private static Optional<Path> written(String csv) {
    try {
      Path file = Files.createTempFile("dhtfl-warm-up-", ".csv");
      Files.writeString(file, csv, StandardCharsets.UTF_8);
      return Optional.of(file);
    } catch (IOException | SecurityException e) {
      LOG.debug("warm-up: no temporary file ({}); parsing from text only", e.toString());
      return Optional.empty();
    }
  }

  private static void delete(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      LOG.debug("warm-up: could not delete {}: {}", file, e.toString());
    }
  }

  /** The text of a warm-up file: rows of 16 features and a label. */
  private static String csv(int classes, int rowCount) {
    Random random = new Random(1);
    StringBuilder csv = new StringBuilder(rowCount * 50);
    for (int r = 0; r < rowCount; r++) {
      int label = random.nextInt(classes);
      for (int f = 0; f < FEATURES; f++) {
        csv.append((label * 7 + f * 3) % 16 + random.nextInt(3)).append(',');
      }
      // Lines end as the reference's shards end theirs, with CR LF: C2 compiles the parser's branches
      // for them here rather than again at a client's first files (its "unstable_if" deoptimisations).
      csv.append(label).append("\r\n");
    }
    return csv.toString();
  }

}
