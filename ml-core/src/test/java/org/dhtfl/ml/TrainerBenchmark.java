package org.dhtfl.ml;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH benchmarks of the trainer (run by scripts/bench-ml.sh through org.dhtfl.ml.bench.MlBenchmarks,
 * never by mvn verify). In this package to reach {@link TrainingRun} for the one-epoch benchmark.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class TrainerBenchmark {
  public static final int SHARD_EPOCHS = 250;

  /** One 500-row shard, 250 epochs, early stop off, one thread. */
  @State(Scope.Benchmark)
  public static class Shard {
    @Param("data/letters")
    public String data;
    Dataset shard;
    Weights start;
    TrainingOptions options;

    @Setup(Level.Trial)
    public void load() {
      shard = BenchData.oneShard(Path.of(data));
      start = Weights.initial(ModelShape.mlp(BenchData.FEATURES, BenchData.HIDDEN, BenchData.CLASSES), 1);
      options = TrainingOptions.defaults().withEpochs(SHARD_EPOCHS).withEarlyStop(false);
    }
  }

  /**
   * One 500-row shard, standardised, on a model of 256 and 128 hidden units: {@link #LAYERED_EPOCHS} epochs of
   * minibatches of 32 with Adam, as a node trains it in a round of `client --hidden 256,128 --batch 32
   * --optimizer adam --standardize --epochs 10`.
   */
  @State(Scope.Benchmark)
  public static class LayeredShard {
    @Param("data/letters")
    public String data;
    Dataset shard;
    Weights start;
    TrainingOptions options;

    @Setup(Level.Trial)
    public void load() {
      Dataset raw = BenchData.oneShard(Path.of(data));
      double[] values = raw.values();
      double[] sums = new double[raw.features()];
      double[] squares = new double[raw.features()];
      for (int i = 0; i < values.length; i++) {
        sums[i % sums.length] += values[i];
        squares[i % sums.length] += values[i] * values[i];
      }
      shard = Standardization.fromSums(raw.rows(), sums, squares).apply(raw);
      start = StartWeights.HE.draw(ModelShape.mlp(BenchData.FEATURES, java.util.List.of(256, 128), BenchData.CLASSES),
          1);
      options = TrainingOptions.defaults().withEpochs(LAYERED_EPOCHS).withEarlyStop(false).withBatch(32)
          .withOptimizer(Optimizer.ADAM).withEta(Optimizer.ADAM.defaultEta());
    }
  }

  /** Epochs of {@link #layeredShard}, as a round of the settings trains each file. */
  public static final int LAYERED_EPOCHS = 10;

  /** All shards concatenated (16,500 rows), per-row eta 0.05, as many threads as cores. */
  @State(Scope.Benchmark)
  public static class Central {
    @Param("data/letters")
    public String data;
    TrainingRun run;

    @Setup(Level.Trial)
    public void load() {
      Dataset all = BenchData.allShards(Path.of(data));
      Weights start = Weights.initial(ModelShape.mlp(BenchData.FEATURES, BenchData.HIDDEN, BenchData.CLASSES), 1);
      TrainingOptions options = TrainingOptions.defaults().withEarlyStop(false).withEtaPerRow(true).withEta(0.05)
          .withThreads(Runtime.getRuntime().availableProcessors());
      run = new TrainingRun(start, all, options);
      run.evaluate(true);
    }

    @TearDown(Level.Trial)
    public void close() {
      run.close();
    }
  }

  /** Two arrays for the plain dot product. */
  @State(Scope.Thread)
  public static class Vectors {
    public static final int LENGTH = 4096;
    final double[] a = new double[LENGTH];
    final double[] b = new double[LENGTH];

    @Setup(Level.Trial)
    public void fill() {
      for (int i = 0; i < LENGTH; i++) {
        a[i] = 1.0 + i * 1e-6;
        b[i] = 1.0 - i * 1e-6;
      }
    }
  }

  @Benchmark
  public TrainingResult shard500x250(Shard state) {
    return Trainer.train(state.start, state.shard, state.options);
  }

  @Benchmark
  public TrainingResult layeredShard(LayeredShard state) {
    return Trainer.train(state.start, state.shard, state.options);
  }

  @Benchmark
  public double epoch16500(Central state) {
    state.run.epoch();
    return state.run.loss();
  }

  /** The plainest double dot product: one accumulator, which C2 does not vectorise. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.NANOSECONDS)
  public double dot(Vectors vectors) {
    double[] a = vectors.a;
    double[] b = vectors.b;
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}
