package org.dhtfl.ml;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One training by a {@link LayeredPass}: any shape, whole files or minibatches, the momentum step or
 * Adam. Every epoch draws a new order of the rows from the options' shuffle seed (minibatches only) and
 * takes one step per batch; the epoch's loss, for the early stop, is the sum of its batches' losses before
 * their steps. The optimizer's state starts at zero here and dies with the training.
 */
final class LayeredRun {
  private final Weights start;
  private final ModelShape shape;
  private final TrainingOptions options;
  private final int rows;
  private final int batch;
  private final double[][] features;
  private final int[] labels;
  private final LayeredPass network;
  private final double[][][] gradient;
  /** SGD: the previous step; Adam: the first moment. */
  private final double[][][] first;
  /** Adam: the second moment. */
  private final double[][][] second;
  private final double[][][] startWeights;
  private final int[] order;
  private final SplittableRandom random;
  private long steps;

  LayeredRun(Weights start, Dataset data, TrainingOptions options) {
    this(start, data, options, LayeredPass::create);
  }

  /** A training by the passes {@code passes} makes for a shape and a batch's rows. */
  LayeredRun(Weights start, Dataset data, TrainingOptions options,
      BiFunction<ModelShape, Integer, LayeredPass> passes) {
    this.start = start;
    this.shape = start.shape();
    this.options = options;
    this.rows = data.rows();
    this.batch = options.batch() == 0 ? rows : Math.min(options.batch(), rows);
    features = LayeredNetwork.rowsOf(data);
    labels = data.labelsArray();
    network = passes.apply(shape, batch);
    network.setWeights(start.vArray(), start.wArray());
    gradient = network.newLike();
    first = network.newLike();
    second = options.optimizer() == Optimizer.ADAM ? network.newLike() : null;
    startWeights = options.mu() > 0 ? copy(network.weights()) : null;
    order = new int[rows];
    for (int t = 0; t < rows; t++) {
      order[t] = t;
    }
    random = new SplittableRandom(options.shuffleSeed());
  }

  TrainingResult train() {
    double previous = Double.NaN;
    int epoch = 1;
    int[] correct = new int[1];
    for (; epoch <= options.epochs(); epoch++) {
      if (batch < rows) {
        shuffle();
      }
      double loss = 0.0;
      for (int from = 0; from < rows; from += batch) {
        int n = Math.min(batch, rows - from);
        network.forward(features, order, from, n);
        loss += network.softmax(labels, order, from, n, correct);
        network.backward(n, gradient);
        step(n, epoch);
      }
      if (!Double.isFinite(loss)) {
        throw new ArithmeticException("training diverged at epoch " + epoch + ": loss is " + loss + "; "
            + options.optimizer() + "'s eta " + options.eta() + " is too large");
      }
      if (options.earlyStop() && epoch >= options.earlyStopMinEpochs() && Math.abs(previous - loss) <= options.earlyStopDelta()) {
        break;
      }
      previous = loss;
    }
    int epochsRun = Math.min(epoch, options.epochs());
    // The trained model's loss and errors over all rows, as the reference reports them.
    correct[0] = 0;
    double loss = 0.0;
    for (int from = 0; from < rows; from += batch) {
      int n = Math.min(batch, rows - from);
      network.forward(features, null, from, n);
      loss += network.softmax(labels, null, from, n, correct);
    }
    if (!Double.isFinite(loss)) {
      throw new ArithmeticException("training diverged: the trained model's loss is " + loss);
    }
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    network.getWeights(v, w);
    Weights trained = Weights.wrap(shape, v, w);
    return new TrainingResult(trained, trained.minus(start), (double) (rows - correct[0]) / rows, loss, epochsRun,
        rows);
  }

  /** Fisher-Yates over the row order, from the run's random source. */
  private void shuffle() {
    for (int i = rows - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
  }

  /** One step from the gradient of a batch of {@code n} rows, in the given epoch (from 1). */
  private void step(int n, int epoch) {
    steps++;
    double[][][] weights = network.weights();
    double pull = n * options.mu();
    if (options.optimizer() == Optimizer.SGD) {
      double eta = options.etaPerRow() ? options.eta() / n : options.eta();
      double momentum = options.momentum();
      for (int d = 0; d < weights.length; d++) {
        for (int i = 0; i < weights[d].length; i++) {
          double[] wRow = weights[d][i];
          double[] g = gradient[d][i];
          double[] s = first[d][i];
          double[] w0 = startWeights == null ? null : startWeights[d][i];
          for (int j = 0; j < wRow.length; j++) {
            double descent = w0 == null ? g[j] : g[j] - pull * (wRow[j] - w0[j]);
            s[j] = eta * descent + momentum * s[j];
            wRow[j] += s[j];
          }
        }
      }
    } else {
      double eta = options.eta() * Optimizer.adamDecay(epoch);
      double correction1 = 1.0 - Math.pow(Optimizer.BETA1, steps);
      double correction2 = 1.0 - Math.pow(Optimizer.BETA2, steps);
      double perRow = 1.0 / n;
      for (int d = 0; d < weights.length; d++) {
        for (int i = 0; i < weights[d].length; i++) {
          double[] wRow = weights[d][i];
          double[] g = gradient[d][i];
          double[] m = first[d][i];
          double[] s = second[d][i];
          double[] w0 = startWeights == null ? null : startWeights[d][i];
          for (int j = 0; j < wRow.length; j++) {
            // The gradient of the mean loss (the descent direction's opposite), with FedProx's pull.
            double grad = -g[j] * perRow + (w0 == null ? 0.0 : options.mu() * (wRow[j] - w0[j]));
            m[j] = Optimizer.BETA1 * m[j] + (1 - Optimizer.BETA1) * grad;
            s[j] = Optimizer.BETA2 * s[j] + (1 - Optimizer.BETA2) * grad * grad;
            wRow[j] -= eta * (m[j] / correction1) / (Math.sqrt(s[j] / correction2) + Optimizer.EPSILON);
          }
        }
      }
    }
    network.weightsChanged();
  }

  private static double[][][] copy(double[][][] arrays) {
    double[][][] out = new double[arrays.length][][];
    for (int d = 0; d < arrays.length; d++) {
      out[d] = new double[arrays[d].length][];
      for (int i = 0; i < arrays[d].length; i++) {
        out[d][i] = arrays[d][i].clone();
      }
    }
    return out;
  }
}
