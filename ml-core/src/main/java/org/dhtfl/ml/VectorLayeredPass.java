package org.dhtfl.ml;

import java.util.Arrays;

/**
 * {@link LayeredPass} with the Vector API (the products in {@link FusedKernels}, the rest in
 * {@link VectorKernels}): the arithmetic of {@link LayeredNetwork}, every sum in the same order and fused as
 * there, laid out as {@link VectorBlockPass} lays out the reference's model.
 *
 * <p>Each layer's activations are a row-major matrix, one row per batch row, whose column 0 is the bias unit
 * (1) and whose units follow from column 1, padded to whole vectors; the inputs' matrix is not padded (it is
 * only read one value at a time). So a unit's input sum starts with 1 times its bias and then adds the units
 * below in order, as {@link LayeredNetwork} does. {@link LayeredNetwork} skips the products of inactive units;
 * they are zeros here, which leave a sum unchanged but for the sign of a zero sum, and a zero's sign is gone
 * after the ReLU, the softmax and the gradient's sums (which start at +0). The padded weights are the pass's
 * {@link #parameters()}, the descent direction is padded alike, and a training steps both with the Vector API
 * ({@link VectorStepKernels}); the padding's weights and descent directions stay zero. The back-propagation
 * runs the vectors across the batch's rows instead, on the transposes of the error matrices (a batch's rows
 * are fewer than a layer's weights), so the weights need no transpose of their own.
 */
final class VectorLayeredPass implements LayeredPass {
  private final ModelShape shape;
  private final int depth;
  private final int[] widths;
  private final int maxRows;
  /** Columns of layer l's activation and error matrices: inputs + 1 for l = 0, whole vectors above. */
  private final int[] stride;
  /** Where layer l's first unit sits in its rows: 1 (after the bias) below the outputs, 0 for the outputs. */
  private final int[] first;
  /** Dense layer d, padded: (widths[d] + 1) rows of stride[d + 1], its units from column first[d + 1]. */
  private final double[][] padded;
  /** The transposes of the errors at a layer's units: a row per unit, a column per batch row (padded). */
  private final double[] errorAbove;
  private final double[] errorBelow;
  /** act[l]: the batch's activations of layer l (act[0] its inputs, act[depth] its outputs). */
  private final double[][] act;
  /** err[l], l >= 1: the descent direction at layer l's units. */
  private final double[][] err;
  /** Dense layer d's gradient, padded as {@link #padded}. */
  private final double[][] gradientPadded;

  VectorLayeredPass(ModelShape shape, int maxRows) {
    this.shape = shape;
    this.maxRows = maxRows;
    widths = LayeredPass.widthsOf(shape);
    depth = widths.length - 1;
    stride = new int[depth + 1];
    first = new int[depth + 1];
    stride[0] = widths[0] + 1;
    for (int l = 1; l <= depth; l++) {
      first[l] = l < depth ? 1 : 0;
      stride[l] = VectorKernels.padded(first[l] + widths[l]);
    }
    padded = new double[depth][];
    gradientPadded = new double[depth][];
    for (int d = 0; d < depth; d++) {
      padded[d] = new double[(widths[d] + 1) * stride[d + 1]];
      gradientPadded[d] = new double[padded[d].length];
    }
    int units = 0;
    for (int l = 1; l < widths.length; l++) {
      units = Math.max(units, widths[l]);
    }
    errorAbove = new double[units * VectorKernels.padded(maxRows)];
    errorBelow = new double[units * VectorKernels.padded(maxRows)];
    act = new double[depth + 1][];
    err = new double[depth + 1][];
    for (int l = 0; l <= depth; l++) {
      act[l] = new double[maxRows * stride[l]];
      err[l] = l == 0 ? null : new double[maxRows * stride[l]];
    }
  }

  @Override
  public ModelShape shape() {
    return shape;
  }

  @Override
  public double[][] parameters() {
    return padded;
  }

  @Override
  public double[][] gradient() {
    return gradientPadded;
  }

  @Override
  public StepKernels stepKernels() {
    return VectorStepKernels.INSTANCE;
  }

  @Override
  public void parametersChanged() {
    // The padded weights are all there is.
  }

  @Override
  public void setWeights(double[] v, double[] w) {
    LayeredPass.forEachRow(shape, v, w, (flat, at, d, i, width) ->
        System.arraycopy(flat, at, padded[d], i * stride[d + 1] + first[d + 1], width));
    parametersChanged();
  }

  @Override
  public void getWeights(double[] v, double[] w) {
    LayeredPass.forEachRow(shape, v, w, (flat, at, d, i, width) ->
        System.arraycopy(padded[d], i * stride[d + 1] + first[d + 1], flat, at, width));
  }

  @Override
  public void forward(double[][] rows, int[] order, int from, int n) {
    if (n > maxRows) {
      throw new IllegalArgumentException("batch of " + n + " rows, at most " + maxRows);
    }
    double[] input = act[0];
    int features = widths[0];
    for (int t = 0; t < n; t++) {
      input[t * stride[0]] = 1.0;
      System.arraycopy(rows[order == null ? from + t : order[from + t]], 0, input, t * stride[0] + 1, features);
    }
    for (int d = 0; d < depth; d++) {
      double[] out = act[d + 1];
      int columns = stride[d + 1];
      FusedKernels.multiply(act[d], 0, stride[d], widths[d] + 1, n, padded[d], columns, out);
      if (d < depth - 1) {
        VectorKernels.relu(out, n * columns);
        for (int t = 0; t < n; t++) {
          out[t * columns] = 1.0;
        }
      }
    }
  }

  @Override
  public double softmax(int[] labels, int[] order, int from, int n, int[] correct) {
    double[] out = act[depth];
    double[] e = err[depth];
    int classes = widths[depth];
    int columns = stride[depth];
    double loss = 0.0;
    int right = 0;
    for (int t = 0; t < n; t++) {
      int row = t * columns;
      int label = labels[order == null ? from + t : order[from + t]];
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (out[row + k] > out[row + best]) {
          best = k;
        }
      }
      if (best == label) {
        right++;
      }
      double max = out[row + best];
      double sum = 0.0;
      for (int k = 0; k < classes; k++) {
        e[row + k] = Exp.exp(out[row + k] - max);
        sum += e[row + k];
      }
      loss -= Math.log(e[row + label] / sum + BlockPass.LOG_EPSILON);
      for (int k = 0; k < classes; k++) {
        e[row + k] = -(e[row + k] / sum);
      }
      e[row + label] += 1.0;
    }
    correct[0] += right;
    return loss;
  }

  @Override
  public void predict(int n, int[] out, int at) {
    double[] outputs = act[depth];
    int columns = stride[depth];
    for (int t = 0; t < n; t++) {
      int row = t * columns;
      int best = 0;
      for (int k = 1; k < widths[depth]; k++) {
        if (outputs[row + k] > outputs[row + best]) {
          best = k;
        }
      }
      out[at + t] = best;
    }
  }

  @Override
  public void backward(int n) {
    for (int d = depth - 1; d >= 0; d--) {
      int columns = stride[d + 1];
      double[] g = gradientPadded[d];
      Arrays.fill(g, 0.0);
      FusedKernels.accumulate(act[d], 0, stride[d], widths[d] + 1, n, err[d + 1], columns, g);
      if (d > 0) {
        // The error at layer d's units: the weights' transpose times the error above, where the ReLU is active.
        backPropagate(d, n);
        VectorKernels.keepActive(err[d], act[d], n * stride[d]);
      }
    }
  }

  @Override
  public void backward(int n, double[][][] gradient) {
    backward(n);
    for (int d = 0; d < depth; d++) {
      for (int i = 0; i <= widths[d]; i++) {
        System.arraycopy(gradientPadded[d], i * stride[d + 1] + first[d + 1], gradient[d][i], 0, widths[d + 1]);
      }
    }
  }

  /**
   * err[d] of the batch's rows: err[d][t][i] = the sum over j of err[d + 1][t][j] W_d[i + 1][j], in order of j
   * and starting with its first product, as the transposes' product W_d err[d + 1]^T computes it, vectors
   * across t; the bias column and the padding of err[d] stay zero.
   */
  private void backPropagate(int d, int n) {
    int columns = stride[d + 1];
    int at = first[d + 1];
    int above = widths[d + 1];
    int below = widths[d];
    int batch = VectorKernels.padded(n);
    double[] e = err[d + 1];
    for (int t = 0; t < n; t++) {
      int row = t * columns + at;
      for (int j = 0; j < above; j++) {
        errorAbove[j * batch + t] = e[row + j];
      }
    }
    FusedKernels.multiply(padded[d], columns + at, columns, above, below, errorAbove, batch, errorBelow);
    double[] out = err[d];
    for (int t = 0; t < n; t++) {
      int row = t * stride[d] + 1;
      for (int i = 0; i < below; i++) {
        out[row + i] = errorBelow[i * batch + t];
      }
    }
  }
}
