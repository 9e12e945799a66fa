package org.dhtfl.ml;

import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One training by a {@link LayeredPass}: any shape, whole files or minibatches, the momentum step or
 * Adam. Every epoch draws a new order of the rows from the options' shuffle seed (minibatches only) and
 * takes one step per batch; the epoch's loss, for the early stop, is the sum of its batches' losses before
 * their steps, which the pass's {@link StepKernels} take on its own layout of the weights. The optimizer's state
 * starts at zero here and dies with the training.
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
  /** SGD: the previous step; Adam: the first moment; laid out as the pass's parameters. */
  private final double[][] first;
  /** Adam: the second moment. */
  private final double[][] second;
  private final double[][] startWeights;
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
    first = zerosLike(network.parameters());
    second = options.optimizer() == Optimizer.ADAM ? zerosLike(network.parameters()) : null;
    startWeights = options.mu() > 0 ? copy(network.parameters()) : null;
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
        network.backward(n);
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
    double[][] weights = network.parameters();
    double[][] gradient = network.gradient();
    StepKernels kernels = network.stepKernels();
    if (options.optimizer() == Optimizer.SGD) {
      StepKernels.Momentum step = new StepKernels.Momentum(options.etaPerRow() ? options.eta() / n : options.eta(),
          options.momentum(), n * options.mu());
      for (int k = 0; k < weights.length; k++) {
        kernels.momentum(weights[k], gradient[k], first[k], startWeights == null ? null : startWeights[k], step);
      }
    } else {
      StepKernels.Adam step = new StepKernels.Adam(options.eta() * Optimizer.adamDecay(epoch),
          1.0 - Math.pow(Optimizer.BETA1, steps), 1.0 - Math.pow(Optimizer.BETA2, steps), 1.0 / n, options.mu());
      for (int k = 0; k < weights.length; k++) {
        kernels.adam(weights[k], gradient[k], first[k], second[k], startWeights == null ? null : startWeights[k],
            step);
      }
    }
    network.parametersChanged();
  }

  private static double[][] zerosLike(double[][] arrays) {
    double[][] out = new double[arrays.length][];
    for (int k = 0; k < arrays.length; k++) {
      out[k] = new double[arrays[k].length];
    }
    return out;
  }

  private static double[][] copy(double[][] arrays) {
    double[][] out = new double[arrays.length][];
    for (int k = 0; k < arrays.length; k++) {
      out[k] = arrays[k].clone();
    }
    return out;
  }
}
