package org.dhtfl.ml;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;

/**
 * The state of one training: current weights, momentum, gradient and the per-block scratch. Nothing
 * here is shared with any other training. Not thread-safe itself; its helper threads only ever touch
 * their own {@link BlockPass} and the results of the blocks they claim.
 */
final class TrainingRun implements AutoCloseable {
  private final Weights start;
  private final ModelShape shape;
  private final TrainingOptions options;
  private final int rows;
  private final double eta;
  private final double[] v;
  private final double[] w;
  private final double[] startV;
  private final double[] startW;
  private final double[] stepV;
  private final double[] stepW;
  private final double[] gradientV;
  private final double[] gradientW;
  private final RowBlock[] blocks;
  private final BlockResult[] results;
  private final BlockPass[] passes;
  private final AtomicInteger nextBlock = new AtomicInteger();
  private final WorkerGang gang;
  private boolean withGradient;
  private double loss;
  private int correct;

  TrainingRun(Weights start, Dataset data, TrainingOptions options) {
    this(start, data, options, BlockPass::create);
  }

  /** With the passes that {@code passes} makes, one per worker (for tests that compare the two kinds). */
  TrainingRun(Weights start, Dataset data, TrainingOptions options, BiFunction<ModelShape, Integer, BlockPass> passes) {
    this.start = start;
    this.shape = start.shape();
    this.options = options;
    this.rows = data.rows();
    this.eta = options.effectiveEta(rows);
    v = start.v();
    w = start.w();
    startV = start.vArray();
    startW = start.wArray();
    stepV = new double[v.length];
    stepW = new double[w.length];
    gradientV = new double[v.length];
    gradientW = new double[w.length];
    blocks = RowBlock.split(data);
    results = new BlockResult[blocks.length];
    for (int b = 0; b < blocks.length; b++) {
      results[b] = new BlockResult(shape);
    }
    int workers = Math.min(options.threads(), blocks.length);
    this.passes = new BlockPass[workers];
    int maxRows = RowBlock.maxRows(blocks);
    for (int i = 0; i < workers; i++) {
      this.passes[i] = passes.apply(shape, maxRows);
    }
    gang = workers > 1 ? new WorkerGang(workers, this::work, "dhtfl-train") : null;
  }

  /** Trains as the options say: an initial pass, then epochs of update and pass, with the early stop. */
  TrainingResult train() {
    evaluate(true);
    double previous = loss;
    int epoch = 1;
    for (; epoch <= options.epochs(); epoch++) {
      update();
      evaluate(epoch < options.epochs());
      requireFinite(epoch);
      if (options.earlyStop() && epoch >= options.earlyStopMinEpochs()
          && Math.abs(previous - loss) <= options.earlyStopDelta()) {
        break;
      }
      previous = loss;
    }
    int epochsRun = Math.min(epoch, options.epochs());
    Weights trained = Weights.wrap(shape, v.clone(), w.clone());
    return new TrainingResult(trained, trained.minus(start), (double) (rows - correct) / rows, loss, epochsRun, rows);
  }

  /** One epoch: the momentum step from the current gradient, then a pass with the gradient. */
  void epoch() {
    update();
    evaluate(true);
  }

  /** The forward pass (and optionally the gradient) over every block; sums the blocks in block order. */
  void evaluate(boolean gradient) {
    withGradient = gradient;
    nextBlock.set(0);
    if (gang == null) {
      work(0);
    } else {
      gang.run();
    }
    double lossSum = 0.0;
    int correctSum = 0;
    for (BlockResult result : results) {
      lossSum += result.loss;
      correctSum += result.correct;
    }
    loss = lossSum;
    correct = correctSum;
    if (gradient) {
      sumInOrder(gradientV, true);
      sumInOrder(gradientW, false);
    }
  }

  double loss() {
    return loss;
  }

  int correct() {
    return correct;
  }

  private void work(int worker) {
    BlockPass pass = passes[worker];
    for (int b = nextBlock.getAndIncrement(); b < blocks.length; b = nextBlock.getAndIncrement()) {
      pass.run(blocks[b], v, w, withGradient, results[b]);
    }
  }

  private void sumInOrder(double[] total, boolean ofV) {
    System.arraycopy(ofV ? results[0].gradientV : results[0].gradientW, 0, total, 0, total.length);
    for (int b = 1; b < results.length; b++) {
      double[] part = ofV ? results[b].gradientV : results[b].gradientW;
      for (int i = 0; i < total.length; i++) {
        total[i] += part[i];
      }
    }
  }

  /**
   * Delta_t = eta * G + momentum * Delta_{t-1}; weights += Delta_t. With FedProx's mu, G also pulls
   * toward the start weights: G - rows * mu * (weights - start).
   */
  private void update() {
    if (options.mu() > 0) {
      updateProximal();
      return;
    }
    double momentum = options.momentum();
    for (int i = 0; i < v.length; i++) {
      stepV[i] = eta * gradientV[i] + momentum * stepV[i];
      v[i] += stepV[i];
    }
    for (int i = 0; i < w.length; i++) {
      stepW[i] = eta * gradientW[i] + momentum * stepW[i];
      w[i] += stepW[i];
    }
  }

  private void updateProximal() {
    double momentum = options.momentum();
    double pull = rows * options.mu();
    for (int i = 0; i < v.length; i++) {
      stepV[i] = eta * (gradientV[i] - pull * (v[i] - startV[i])) + momentum * stepV[i];
      v[i] += stepV[i];
    }
    for (int i = 0; i < w.length; i++) {
      stepW[i] = eta * (gradientW[i] - pull * (w[i] - startW[i])) + momentum * stepW[i];
      w[i] += stepW[i];
    }
  }

  private void requireFinite(int epoch) {
    if (!Double.isFinite(loss)) {
      throw new ArithmeticException("training diverged at epoch " + epoch + ": loss is " + loss
          + "; eta " + options.eta() + (options.etaPerRow() ? " per row" : "") + " is too large");
    }
  }

  @Override
  public void close() {
    if (gang != null) {
      gang.close();
    }
  }
}
