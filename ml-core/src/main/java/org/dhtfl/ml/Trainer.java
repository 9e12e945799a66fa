package org.dhtfl.ml;

import java.util.Objects;
import java.util.stream.IntStream;

/**
 * Trains and applies models: full-batch gradient descent with momentum on the summed cross-entropy
 * loss, as the reference does (see {@link BlockPass} for the mathematics, {@link TrainingOptions} for
 * the settings), by {@link TrainingRun}; models of several hidden layers, minibatches and Adam by
 * {@link LayeredRun}. Every call works on its own state, so calls may run concurrently.
 */
public final class Trainer {
  private Trainer() {
  }

  /**
   * Trains from {@code start} on {@code data}.
   *
   * @throws IllegalArgumentException when the data does not fit the model (feature count, labels)
   * @throws ArithmeticException      when the loss stops being finite (eta too large)
   */
  public static TrainingResult train(Weights start, Dataset data, TrainingOptions options) {
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(options, "options");
    requireTrainable(start.shape(), data);
    if (!start.shape().singleLayer() || !options.referenceStep()) {
      return new LayeredRun(start, data, options).train();
    }
    try (TrainingRun run = new TrainingRun(start, data, options)) {
      return run.train();
    }
  }

  /** The fraction of the labelled rows that the model misclassifies. */
  public static double errorRate(Weights weights, Dataset data) {
    long correct = correct(weights, data);
    return (double) (data.rows() - correct) / data.rows();
  }

  /** How many of the labelled rows the model classifies right. */
  public static long correct(Weights weights, Dataset data) {
    Objects.requireNonNull(weights, "weights");
    requireTrainable(weights.shape(), data);
    if (!weights.shape().singleLayer()) {
      return forwardInShares(weights, data, (network, from, n) -> {
        int[] correct = new int[1];
        network.softmax(data.labelsArray(), null, from, n, correct);
        return correct[0];
      });
    }
    RowBlock[] blocks = RowBlock.split(data);
    BlockPass pass = BlockPass.create(weights.shape(), RowBlock.maxRows(blocks));
    BlockResult result = new BlockResult(weights.shape());
    double[] v = weights.vArray();
    double[] w = weights.wArray();
    long correct = 0;
    for (RowBlock block : blocks) {
      pass.run(block, v, w, false, result);
      correct += result.correct;
    }
    return correct;
  }

  /** The predicted class of each row (the first class of highest output); labels, if any, are ignored. */
  public static int[] predict(Weights weights, Dataset data) {
    Objects.requireNonNull(weights, "weights");
    requireFits(weights.shape(), data);
    int[] predictions = new int[data.rows()];
    if (!weights.shape().singleLayer()) {
      forwardInShares(weights, data, (network, from, n) -> {
        network.predict(n, predictions, from);
        return 0;
      });
      return predictions;
    }
    RowBlock[] blocks = RowBlock.split(data);
    BlockPass pass = BlockPass.create(weights.shape(), RowBlock.maxRows(blocks));
    for (RowBlock block : blocks) {
      pass.predict(block, weights.vArray(), weights.wArray(), predictions, block.firstRow);
    }
    return predictions;
  }

  /** Rows per forward pass when a model of several layers classifies a dataset. */
  private static final int EVALUATION_ROWS = 64;

  /** Rows a core takes at least when a model of several layers classifies a dataset. */
  private static final int ROWS_PER_SHARE = 512;

  /** What is done with a batch of rows after the forward pass: a count to add up. */
  private interface AfterForward {
    long apply(LayeredPass network, int from, int n);
  }

  /**
   * Runs a model of several layers forward over the dataset's rows in batches of {@link #EVALUATION_ROWS} and
   * sums what {@code after} makes of each. The rows are split into a share per core (of at least
   * {@link #ROWS_PER_SHARE}), each with a pass of its own: the client validates every round's model on thousands
   * of rows with C1 alone (a 256,128 model took 0.1 s of a core a round on the 3,500 validation rows) while the
   * nodes wait. The shares touch disjoint rows, so the result does not depend on their number.
   */
  private static long forwardInShares(Weights weights, Dataset data, AfterForward after) {
    int rows = data.rows();
    int shares = Math.max(1, Math.min(Runtime.getRuntime().availableProcessors(), rows / ROWS_PER_SHARE));
    return IntStream.range(0, shares).parallel().mapToLong(share -> {
      int start = (int) ((long) rows * share / shares);
      int end = (int) ((long) rows * (share + 1) / shares);
      LayeredPass network = LayeredPass.create(weights.shape(), Math.min(EVALUATION_ROWS, end - start));
      network.setWeights(weights.vArray(), weights.wArray());
      long sum = 0;
      for (int from = start; from < end; from += EVALUATION_ROWS) {
        int n = Math.min(EVALUATION_ROWS, end - from);
        network.forward(rowsOf(data, from, n), null, 0, n);
        sum += after.apply(network, from, n);
      }
      return sum;
    }).sum();
  }

  private static double[][] rowsOf(Dataset data, int from, int n) {
    double[] values = data.valuesArray();
    int features = data.features();
    double[][] rows = new double[n][];
    for (int t = 0; t < n; t++) {
      rows[t] = java.util.Arrays.copyOfRange(values, (from + t) * features, (from + t + 1) * features);
    }
    return rows;
  }

  private static void requireFits(ModelShape shape, Dataset data) {
    Objects.requireNonNull(data, "data");
    if (data.features() != shape.inputs()) {
      throw new IllegalArgumentException(data.name() + " has " + data.features() + " features, the model "
          + shape + " takes " + shape.inputs());
    }
  }

  private static void requireTrainable(ModelShape shape, Dataset data) {
    requireFits(shape, data);
    if (!data.labelled()) {
      throw new IllegalArgumentException(data.name() + " has no labels");
    }
    int bound = data.labelBound();
    if (bound > shape.classes()) {
      throw new IllegalArgumentException(data.name() + " has label " + (bound - 1) + ", the model "
          + shape + " has classes 0.." + (shape.classes() - 1));
    }
  }
}
