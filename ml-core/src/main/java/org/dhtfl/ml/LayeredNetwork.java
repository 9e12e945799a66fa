package org.dhtfl.ml;

/**
 * {@link LayeredPass} in plain Java: the forward and backward pass of a model of any shape (any number of
 * hidden ReLU layers, softmax outputs) over a batch of rows, the mathematics of {@link BlockPass}, layer
 * after layer.
 * Each weight matrix is held as an array of rows ({@code [unit in][unit out]}, the bias row first), so
 * every long loop is {@code out[j] = Math.fma(a, row[j], out[j])} over separate arrays, which C2 vectorises;
 * these rows are also its {@link #parameters()}. Every product is added with a fused multiply-add, one
 * rounding, as {@link FusedKernels} adds it for {@link VectorLayeredPass}. The transposes the backward pass
 * needs are refreshed by {@link #parametersChanged()} after the weights change.
 *
 * <p>Dense layer d (0 .. depth-1) maps activations {@code act[d]} to {@code act[d + 1]}: the hidden
 * layers are W's blocks, the last is V. Holds its scratch for batches of at most {@code maxRows} rows;
 * not thread-safe.
 */
final class LayeredNetwork implements LayeredPass {
  final ModelShape shape;
  /** Dense layers, the output layer last. */
  final int depth;
  /** Units into dense layer d (without the bias), and out of the last: widths[depth] = classes. */
  final int[] widths;
  /** weights[d][i][j]: from unit i (0 the bias, then unit i-1 of the layer before) to unit j of layer d. */
  final double[][][] weights;
  /** The rows of {@link #weights}, layer after layer. */
  private final double[][] parameterRows;
  /** The descent direction of the last {@link #backward(int)}, shaped as {@link #weights}. */
  private final double[][][] gradient;
  /** The rows of {@link #gradient}, layer after layer. */
  private final double[][] gradientRows;
  /** transposed[d][j][i] = weights[d][i + 1][j], for d >= 1: the back-propagation of the error. */
  private final double[][][] transposed;
  /** Activations of a batch: act[0][t] is row t's features, act[d][t] layer d's ReLU outputs, act[depth] the outputs. */
  private final double[][][] act;
  /** The descent direction at each layer's outputs for a batch (see {@link BlockPass}): err[d][t], d = 1..depth. */
  private final double[][][] err;
  private final int maxRows;

  LayeredNetwork(ModelShape shape, int maxRows) {
    this.shape = shape;
    this.maxRows = maxRows;
    widths = LayeredPass.widthsOf(shape);
    depth = widths.length - 1;
    weights = LayeredPass.layersOf(widths);
    gradient = LayeredPass.layersOf(widths);
    parameterRows = flatten(weights);
    gradientRows = flatten(gradient);
    transposed = new double[depth][][];
    act = new double[depth + 1][][];
    err = new double[depth + 1][][];
    for (int d = 1; d < depth; d++) {
      transposed[d] = new double[widths[d + 1]][widths[d]];
    }
    act[0] = new double[maxRows][];
    for (int d = 1; d <= depth; d++) {
      act[d] = new double[maxRows][widths[d]];
      err[d] = new double[maxRows][widths[d]];
    }
  }

  @Override
  public ModelShape shape() {
    return shape;
  }

  @Override
  public double[][] parameters() {
    return parameterRows;
  }

  @Override
  public double[][] gradient() {
    return gradientRows;
  }

  @Override
  public StepKernels stepKernels() {
    return StepKernels.PLAIN;
  }

  @Override
  public void parametersChanged() {
    transpose();
  }

  @Override
  public void setWeights(double[] v, double[] w) {
    LayeredPass.forEachRow(shape, v, w, (flat, at, d, i, width) -> System.arraycopy(flat, at, weights[d][i], 0, width));
    transpose();
  }

  @Override
  public void getWeights(double[] v, double[] w) {
    LayeredPass.forEachRow(shape, v, w, (flat, at, d, i, width) -> System.arraycopy(weights[d][i], 0, flat, at, width));
  }

  /** The rows of layered arrays, layer after layer. */
  private static double[][] flatten(double[][][] layers) {
    return java.util.Arrays.stream(layers).flatMap(java.util.Arrays::stream).toArray(double[][]::new);
  }

  /** Brings the transposes in line with the weights. */
  private void transpose() {
    for (int d = 1; d < depth; d++) {
      double[][] t = transposed[d];
      double[][] m = weights[d];
      for (int i = 0; i < widths[d]; i++) {
        double[] row = m[i + 1];
        for (int j = 0; j < row.length; j++) {
          t[j][i] = row[j];
        }
      }
    }
  }

  @Override
  public void forward(double[][] rows, int[] order, int from, int n) {
    if (n > maxRows) {
      throw new IllegalArgumentException("batch of " + n + " rows, at most " + maxRows);
    }
    double[][] input = act[0];
    for (int t = 0; t < n; t++) {
      input[t] = rows[order == null ? from + t : order[from + t]];
    }
    for (int d = 0; d < depth; d++) {
      double[][] in = act[d];
      double[][] out = act[d + 1];
      double[][] m = weights[d];
      double[] bias = m[0];
      for (int t = 0; t < n; t++) {
        System.arraycopy(bias, 0, out[t], 0, bias.length);
      }
      for (int i = 0; i < widths[d]; i++) {
        double[] row = m[i + 1];
        for (int t = 0; t < n; t++) {
          double a = in[t][i];
          if (a != 0.0) {
            double[] o = out[t];
            for (int j = 0; j < row.length; j++) {
              o[j] = Math.fma(a, row[j], o[j]);
            }
          }
        }
      }
      if (d < depth - 1) {
        for (int t = 0; t < n; t++) {
          double[] o = out[t];
          for (int j = 0; j < o.length; j++) {
            o[j] = Math.max(0.0, o[j]);
          }
        }
      }
    }
  }

  @Override
  public double softmax(int[] labels, int[] order, int from, int n, int[] correct) {
    double[][] out = act[depth];
    double[][] e = err[depth];
    int classes = widths[depth];
    double loss = 0.0;
    int right = 0;
    for (int t = 0; t < n; t++) {
      double[] o = out[t];
      int label = labels[order == null ? from + t : order[from + t]];
      int best = 0;
      for (int k = 1; k < classes; k++) {
        if (o[k] > o[best]) {
          best = k;
        }
      }
      if (best == label) {
        right++;
      }
      double max = o[best];
      double sum = 0.0;
      double[] et = e[t];
      for (int k = 0; k < classes; k++) {
        et[k] = Exp.exp(o[k] - max);
        sum += et[k];
      }
      loss -= Math.log(et[label] / sum + BlockPass.LOG_EPSILON);
      for (int k = 0; k < classes; k++) {
        et[k] = -(et[k] / sum);
      }
      et[label] += 1.0;
    }
    correct[0] += right;
    return loss;
  }

  @Override
  public void predict(int n, int[] out, int at) {
    double[][] outputs = act[depth];
    for (int t = 0; t < n; t++) {
      double[] o = outputs[t];
      int best = 0;
      for (int k = 1; k < o.length; k++) {
        if (o[k] > o[best]) {
          best = k;
        }
      }
      out[at + t] = best;
    }
  }

  @Override
  public void backward(int n) {
    backward(n, gradient);
  }

  /**
   * After {@link #softmax}: the batch's descent direction, summed over its rows, into {@code gradient}
   * (shaped as {@link #weights}, overwritten).
   */
  @Override
  public void backward(int n, double[][][] gradient) {
    for (int d = depth - 1; d >= 0; d--) {
      double[][] e = err[d + 1];
      double[][] in = act[d];
      double[][] g = gradient[d];
      double[] bias = g[0];
      java.util.Arrays.fill(bias, 0.0);
      for (int t = 0; t < n; t++) {
        double[] et = e[t];
        for (int j = 0; j < bias.length; j++) {
          bias[j] += et[j];
        }
      }
      for (int i = 0; i < widths[d]; i++) {
        double[] row = g[i + 1];
        java.util.Arrays.fill(row, 0.0);
        for (int t = 0; t < n; t++) {
          double a = in[t][i];
          if (a != 0.0) {
            double[] et = e[t];
            for (int j = 0; j < row.length; j++) {
              row[j] = Math.fma(a, et[j], row[j]);
            }
          }
        }
      }
      if (d > 0) {
        // The error at layer d's units: the weights' transpose times the error above, where the ReLU is active.
        double[][] below = err[d];
        double[][] m = transposed[d];
        for (int t = 0; t < n; t++) {
          java.util.Arrays.fill(below[t], 0.0);
        }
        for (int j = 0; j < widths[d + 1]; j++) {
          double[] column = m[j];
          for (int t = 0; t < n; t++) {
            double ej = e[t][j];
            if (ej != 0.0) {
              double[] b = below[t];
              for (int i = 0; i < column.length; i++) {
                b[i] = Math.fma(ej, column[i], b[i]);
              }
            }
          }
        }
        for (int t = 0; t < n; t++) {
          double[] b = below[t];
          double[] a = in[t];
          for (int i = 0; i < b.length; i++) {
            b[i] *= Math.min(1.0, Math.ceil(a[i]));
          }
        }
      }
    }
  }

  /** The dataset's rows as arrays of features. */
  static double[][] rowsOf(Dataset data) {
    double[] values = data.valuesArray();
    int features = data.features();
    double[][] rows = new double[data.rows()][];
    for (int t = 0; t < rows.length; t++) {
      rows[t] = java.util.Arrays.copyOfRange(values, t * features, (t + 1) * features);
    }
    return rows;
  }
}
