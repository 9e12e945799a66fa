package org.dhtfl.ml;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The thread CPU time of TrainerBenchmark's trainings, for a machine too loaded for JMH's wall-clock figures:
 * one JVM trains, in turn, the layered shard with the plain pass, the same with the Vector API's pass, and the
 * reference's shard (250 epochs), five times unmeasured and then N times measured, and prints each one's
 * median and least CPU milliseconds. Argument: N. Run from the project's root with ml-core's test class path
 * and the options of VectorApi (reports/benchmarks.md has the command).
 */
public final class PassCpuTime {
  private PassCpuTime() {
  }

  public static void main(String[] args) {
    int n = Integer.parseInt(args[0]);
    TrainerBenchmark.LayeredShard layered = new TrainerBenchmark.LayeredShard();
    layered.data = "data/letters";
    layered.load();
    Dataset shard = layered.shard;
    Weights start = layered.start;
    TrainingOptions options = layered.options;
    Dataset ref = BenchData.oneShard(Path.of("data/letters"));
    Weights refStart = Weights.initial(ModelShape.mlp(16, 20, 26), 1);
    TrainingOptions refOptions = TrainingOptions.defaults().withEpochs(250).withEarlyStop(false);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] plain = new double[n];
    double[] vector = new double[n];
    double[] reference = new double[n];
    for (int i = 0; i < n + 5; i++) {
      long t0 = mx.getCurrentThreadCpuTime();
      new LayeredRun(start, shard, options, LayeredNetwork::new).train();
      long t1 = mx.getCurrentThreadCpuTime();
      new LayeredRun(start, shard, options, VectorLayeredPass::new).train();
      long t2 = mx.getCurrentThreadCpuTime();
      Trainer.train(refStart, ref, refOptions);
      long t3 = mx.getCurrentThreadCpuTime();
      if (i >= 5) {
        plain[i - 5] = (t1 - t0) / 1e6;
        vector[i - 5] = (t2 - t1) / 1e6;
        reference[i - 5] = (t3 - t2) / 1e6;
      }
    }
    Arrays.sort(plain);
    Arrays.sort(vector);
    Arrays.sort(reference);
    System.out.printf("cpu ms, median (min) of %d: plain layered %.1f (%.1f), vector layered %.1f (%.1f), "
        + "reference shard 500x250 %.1f (%.1f)%n",
        n, plain[n / 2], plain[0], vector[n / 2], vector[0], reference[n / 2], reference[0]);
  }
}
