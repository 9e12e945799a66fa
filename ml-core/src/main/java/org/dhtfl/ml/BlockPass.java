package org.dhtfl.ml;

/**
 * One pass of the model over one {@link RowBlock}: forward, softmax, loss, correct predictions and
 * (optionally) the block's share of the gradient.
 *
 * <p>The mathematics (per row): MLP: a = W^T x, z = (1, max(0, a)), o = V^T z; LOGISTIC: z = x, o = V^T x.
 * y = softmax(o), loss = -log(y[label] + 1e-6), e = r - y (r one-hot). Descent directions summed over
 * rows: G_V = z e^T, and for the MLP G_W = x ((V[1:] e) .* (a > 0))^T.
 *
 * <p>Two implementations compute the same bits, every sum in the same order: {@link VectorBlockPass}
 * with the Vector API when the JVM has it (see {@link VectorApi}), {@link ScalarBlockPass} otherwise.
 * A training's result does not depend on which one ran it. Each instance holds its scratch, so each
 * thread needs its own.
 */
sealed interface BlockPass permits ScalarBlockPass, VectorBlockPass {
  /** Added to the probability of the true class inside the log, as the reference does. */
  double LOG_EPSILON = 1e-6;

  /** The fastest pass this JVM can run, for blocks of at most {@code maxRows} rows. */
  static BlockPass create(ModelShape shape, int maxRows) {
    return VectorApi.USABLE ? new VectorBlockPass(shape, maxRows) : new ScalarBlockPass(shape, maxRows);
  }

  /**
   * Forward pass, loss and correct count into {@code result}; with {@code withGradient}, also the
   * block's gradient (overwriting {@code result}'s arrays). The block must be labelled.
   */
  void run(RowBlock block, double[] v, double[] w, boolean withGradient, BlockResult result);

  /** The predicted class (first arg max of the outputs) of each row, into {@code out} from index {@code from}. */
  void predict(RowBlock block, double[] v, double[] w, int[] out, int from);
}
