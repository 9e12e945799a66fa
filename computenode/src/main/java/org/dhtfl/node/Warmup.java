package org.dhtfl.node;

import java.util.Random;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains once on made-up data when the node starts, on a background thread of low priority, so
 * that the JIT has compiled the trainer before the first real file arrives. It changes nothing
 * but the speed of the first jobs.
 */
public final class Warmup {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  private static final int ROWS = 500;
  private static final int FEATURES = 16;

  private Warmup() {
  }

  public static void start(TrainingConfig config) {
    Thread thread = new Thread(() -> run(config), "trainer-warmup");
    thread.setDaemon(true);
    thread.setPriority(Thread.MIN_PRIORITY);
    thread.start();
  }

  private static void run(TrainingConfig config) {
    long started = System.nanoTime();
    Random random = new Random(1);
    double[] values = new double[ROWS * FEATURES];
    int[] labels = new int[ROWS];
    for (int r = 0; r < ROWS; r++) {
      labels[r] = random.nextInt(config.classes());
      for (int f = 0; f < FEATURES; f++) {
        values[r * FEATURES + f] = (labels[r] * 7 + f * 3) % 16 + random.nextInt(3);
      }
    }
    Dataset data = Dataset.labelled("warm-up", FEATURES, values, labels);
    Weights start = config.startWeights(FEATURES);
    for (int i = 0; i < 3; i++) {
      Trainer.train(start, data, config.options().withEpochs(100).withEarlyStop(false));
    }
    Trainer.errorRate(start, data);
    LOG.info("trainer warmed up in {} ms", (System.nanoTime() - started) / 1_000_000);
  }
}
