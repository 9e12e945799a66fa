package org.dhtfl.ml.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Locale;
import org.dhtfl.ml.BenchData;
import org.dhtfl.ml.TrainerBenchmark;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link TrainerBenchmark} with JMH and prints the summary lines scripts/bench-ml.sh reports:
 * {@code shard_500x250_ms}, {@code epoch_16500_ms}, {@code layered_shard_256_128_ms} (medians), {@code gflops}
 * (multiply-add FLOPs of the shard training over its median time) and {@code dot_gflops} (a one-accumulator dot
 * product).
 *
 * <p>Arguments: {@code [--data DIR] [--forks N] [--warmups N] [--iterations N] [--only NAME|NAME...]} (the
 * benchmarks' method names, by default all).
 */
public final class MlBenchmarks {
  private MlBenchmarks() {
  }

  public static void main(String[] args) throws RunnerException {
    String data = "data/letters";
    int forks = 2;
    int warmups = 3;
    int iterations = 5;
    String benchmarks = "shard500x250|epoch16500|layeredShard|dot";
    for (int i = 0; i < args.length; i++) {
      String value = i + 1 < args.length ? args[i + 1] : null;
      switch (args[i]) {
        case "--data" -> data = required(args[i], value);
        case "--forks" -> forks = Integer.parseInt(required(args[i], value));
        case "--warmups" -> warmups = Integer.parseInt(required(args[i], value));
        case "--iterations" -> iterations = Integer.parseInt(required(args[i], value));
        case "--only" -> benchmarks = required(args[i], value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --data DIR, --forks N, --warmups N, --iterations N, --only NAME|NAME...");
      }
      i++;
    }
    if (!Files.isDirectory(Path.of(data))) {
      System.out.println("note: no shards at " + data + "; benchmarking random rows of the same shape");
    }
    Options options = new OptionsBuilder()
        .include(TrainerBenchmark.class.getName() + "\\.(" + benchmarks + ")$")
        .param("data", data)
        .forks(forks)
        .warmupIterations(warmups)
        .warmupTime(TimeValue.seconds(1))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(1))
        .build();
    Collection<RunResult> results = new Runner(options).run();

    double shardMs = Double.NaN;
    double epochMs = Double.NaN;
    double dotNs = Double.NaN;
    double layeredMs = Double.NaN;
    for (RunResult result : results) {
      String name = result.getParams().getBenchmark();
      if (name.endsWith(".shard500x250")) {
        shardMs = result.getPrimaryResult().getStatistics().getPercentile(50);
      } else if (name.endsWith(".epoch16500")) {
        epochMs = result.getPrimaryResult().getStatistics().getPercentile(50);
      } else if (name.endsWith(".layeredShard")) {
        layeredMs = result.getPrimaryResult().getStatistics().getPercentile(50);
      } else if (name.endsWith(".dot")) {
        dotNs = result.getPrimaryResult().getScore();
      }
    }
    double shardFlops = BenchData.trainingFlops(BenchData.SHARD_ROWS, TrainerBenchmark.SHARD_EPOCHS);
    System.out.println();
    System.out.println(line("shard_500x250_ms", shardMs));
    System.out.println(line("epoch_16500_ms", epochMs));
    System.out.println(line("layered_shard_256_128_ms", layeredMs));
    System.out.println(line("gflops", shardFlops / (shardMs * 1e6)));
    System.out.println(line("dot_gflops", 2.0 * TrainerBenchmark.Vectors.LENGTH / dotNs));
    System.out.printf(Locale.ROOT, "(gflops counts %.1f MFLOP of multiply-adds per shard training; "
        + "epoch_16500 ran on %d threads; layered_shard_256_128: 500 standardised rows, %d epochs of batches of 32 with "
        + "Adam, one thread)%n", shardFlops / 1e6, Runtime.getRuntime().availableProcessors(),
        TrainerBenchmark.LAYERED_EPOCHS);
  }

  private static String line(String name, double value) {
    return String.format(Locale.ROOT, "%s: %.3f", name, value);
  }

  private static String required(String option, String value) {
    if (value == null) {
      throw new IllegalArgumentException(option + " needs a value");
    }
    return value;
  }
}
