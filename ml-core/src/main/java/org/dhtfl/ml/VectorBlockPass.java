package org.dhtfl.ml;

import java.util.Arrays;

/**
 * {@link BlockPass} with the Vector API ({@link VectorKernels}): the arithmetic of
 * {@link ScalarBlockPass}, every sum in the same order, so the same bits, laid out for vectors that run
 * across units instead of along rows.
 *
 * <p>Matrices are row-major, one row per training row (or per input unit for the weights), padded to
 * whole vectors. The layer feeding the outputs has its bias unit as column 0: for the logistic model the
 * inputs' ({@link RowBlock#byRow}); for the MLP the hidden layer's column 0 is a unit whose weight is 1
 * from the bias input and 0 from the others, so it computes 1 exactly (the data is finite), as
 * ReLU(1) = 1. The rows go through in chunks of {@link #CHUNK}: a chunk's rows (25 KB for the letters
 * model) stay in the L1 cache from the forward pass to their share of the gradient, which is added to
 * the block's sums in row order. Each thread needs its own instance; nothing is allocated per pass.
 */
final class VectorBlockPass implements BlockPass {
  /** Rows per chunk: with 16 a training took 4% longer, with 64 (beyond a 48 KB L1 cache) 50% longer. */
  static final int CHUNK = 32;

  private final boolean mlp;
  /** Input units, the bias first: features + 1. */
  private final int inputs;
  private final int hidden;
  private final int classes;
  /** Units feeding the output layer, the bias first. */
  private final int layerUnits;
  private final int hiddenWidth;
  private final int classWidth;
  /** W with the bias unit as column 0: inputs x hiddenWidth. */
  private final double[] wPadded;
  /** V: layerUnits x classWidth. */
  private final double[] vPadded;
  /** V[1:] transposed, the hidden units shifted by the bias column: classes x hiddenWidth. */
  private final double[] vBack;
  /** A, then Z in place, for a chunk: rows x hiddenWidth. */
  private final double[] hiddenRows;
  /** O, then exp(O - max), then R - Y, for a chunk: rows x classWidth. */
  private final double[] outputRows;
  /** Back-propagated error at the hidden units, for a chunk: rows x hiddenWidth. */
  private final double[] errorRows;
  /** The largest output of each of a chunk's rows. */
  private final double[] rowMax;
  /** The sum of exp(O - max) over the classes, for a chunk's rows. */
  private final double[] rowSums;
  private final double[] gradientV;
  private final double[] gradientW;

  VectorBlockPass(ModelShape shape, int maxRows) {
    mlp = shape.kind() == ModelKind.MLP;
    inputs = shape.inputs() + 1;
    hidden = shape.hidden();
    classes = shape.classes();
    layerUnits = mlp ? hidden + 1 : inputs;
    hiddenWidth = mlp ? VectorKernels.padded(hidden + 1) : 0;
    classWidth = VectorKernels.padded(classes);
    int chunk = Math.min(CHUNK, maxRows);
    wPadded = new double[inputs * hiddenWidth];
    if (mlp) {
      wPadded[0] = 1.0;
    }
    vPadded = new double[layerUnits * classWidth];
    vBack = new double[classes * hiddenWidth];
    hiddenRows = new double[chunk * hiddenWidth];
    outputRows = new double[chunk * classWidth];
    errorRows = new double[chunk * hiddenWidth];
    rowMax = new double[chunk];
    rowSums = new double[chunk];
    gradientV = new double[layerUnits * classWidth];
    gradientW = new double[inputs * hiddenWidth];
  }

  @Override
  public void run(RowBlock block, double[] v, double[] w, boolean withGradient, BlockResult result) {
    setWeights(v, w);
    if (withGradient) {
      Arrays.fill(gradientV, 0.0);
      Arrays.fill(gradientW, 0.0);
    }
    int[] labels = block.labels;
    int correct = 0;
    double logSum = 0.0;
    for (int first = 0; first < block.rows; first += CHUNK) {
      int rows = Math.min(CHUNK, block.rows - first);
      forward(block, first, rows);
      // R - Y, with the softmax's row max subtracted, as ScalarBlockPass does it
      for (int r = 0; r < rows; r++) {
        int row = r * classWidth;
        int label = labels[first + r];
        double max = VectorKernels.max(outputRows, row, classes);
        rowMax[r] = max;
        if (outputRows[row + label] == max && isFirstMax(row, label, max)) {
          correct++;
        }
      }
      VectorKernels.expMinusRowMax(outputRows, rows, classWidth, rowMax);
      sumClasses(rows);
      for (int r = 0; r < rows; r++) {
        int row = r * classWidth;
        int label = labels[first + r];
        logSum += Math.log(outputRows[row + label] / rowSums[r] + LOG_EPSILON);
        VectorKernels.negatedQuotient(outputRows, row, row + classWidth, rowSums[r]);
        outputRows[row + label] += 1.0;
      }
      if (withGradient) {
        backward(block, first, rows);
      }
    }
    result.correct = correct;
    result.loss = -logSum;
    if (withGradient) {
      for (int p = 0; p < layerUnits; p++) {
        System.arraycopy(gradientV, p * classWidth, result.gradientV, p * classes, classes);
      }
      if (mlp) {
        for (int i = 0; i < inputs; i++) {
          System.arraycopy(gradientW, i * hiddenWidth + 1, result.gradientW, i * hidden, hidden);
        }
      }
    }
  }

  @Override
  public void predict(RowBlock block, double[] v, double[] w, int[] out, int from) {
    setWeights(v, w);
    for (int first = 0; first < block.rows; first += CHUNK) {
      int rows = Math.min(CHUNK, block.rows - first);
      forward(block, first, rows);
      for (int r = 0; r < rows; r++) {
        int row = r * classWidth;
        int best = 0;
        double bestValue = outputRows[row];
        for (int c = 1; c < classes; c++) {
          double value = outputRows[row + c];
          if (value > bestValue) {
            bestValue = value;
            best = c;
          }
        }
        out[from + first + r] = best;
      }
    }
  }

  /** Copies the weights into their padded layouts (the padding stays 0, W's column 0 as set up). */
  private void setWeights(double[] v, double[] w) {
    for (int p = 0; p < layerUnits; p++) {
      System.arraycopy(v, p * classes, vPadded, p * classWidth, classes);
    }
    if (mlp) {
      for (int i = 0; i < inputs; i++) {
        System.arraycopy(w, i * hidden, wPadded, i * hiddenWidth + 1, hidden);
      }
      for (int c = 0; c < classes; c++) {
        for (int j = 0; j < hidden; j++) {
          vBack[c * hiddenWidth + j + 1] = v[(j + 1) * classes + c];
        }
      }
    }
  }

  /** O (and for the MLP, A and Z) of the chunk's rows. */
  private void forward(RowBlock block, int first, int rows) {
    if (mlp) {
      VectorKernels.multiply(block.byRow, first * inputs, inputs, inputs, rows, wPadded, hiddenWidth, hiddenRows);
      VectorKernels.relu(hiddenRows, rows * hiddenWidth);
      VectorKernels.multiply(hiddenRows, 0, hiddenWidth, layerUnits, rows, vPadded, classWidth, outputRows);
    } else {
      VectorKernels.multiply(block.byRow, first * inputs, inputs, layerUnits, rows, vPadded, classWidth, outputRows);
    }
  }

  /** The chunk's share of G_V (and for the MLP, of G_W), added in row order. */
  private void backward(RowBlock block, int first, int rows) {
    if (mlp) {
      VectorKernels.accumulate(hiddenRows, 0, hiddenWidth, layerUnits, rows, outputRows, classWidth, gradientV);
      // Error at the hidden units: V[1:] (R - Y), masked by the ReLU's derivative (A > 0).
      VectorKernels.multiply(outputRows, 0, classWidth, classes, rows, vBack, hiddenWidth, errorRows);
      VectorKernels.keepActive(errorRows, hiddenRows, rows * hiddenWidth);
      VectorKernels.accumulate(block.byRow, first * inputs, inputs, inputs, rows, errorRows, hiddenWidth, gradientW);
    } else {
      VectorKernels.accumulate(block.byRow, first * inputs, inputs, layerUnits, rows, outputRows, classWidth,
          gradientV);
    }
  }

  /**
   * Each row's sum of its classes' outputs, in class order; four rows at a time, as one sum's additions
   * wait for each other.
   */
  private void sumClasses(int rows) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int o0 = r * classWidth;
      int o1 = o0 + classWidth;
      int o2 = o1 + classWidth;
      int o3 = o2 + classWidth;
      double s0 = 0.0;
      double s1 = 0.0;
      double s2 = 0.0;
      double s3 = 0.0;
      for (int c = 0; c < classes; c++) {
        s0 += outputRows[o0 + c];
        s1 += outputRows[o1 + c];
        s2 += outputRows[o2 + c];
        s3 += outputRows[o3 + c];
      }
      rowSums[r] = s0;
      rowSums[r + 1] = s1;
      rowSums[r + 2] = s2;
      rowSums[r + 3] = s3;
    }
    for (; r < rows; r++) {
      double sum = 0.0;
      for (int c = r * classWidth; c < r * classWidth + classes; c++) {
        sum += outputRows[c];
      }
      rowSums[r] = sum;
    }
  }

  /** Whether no class before {@code label} reaches the row's max (ties go to the first class). */
  private boolean isFirstMax(int row, int label, double max) {
    for (int c = row; c < row + label; c++) {
      if (outputRows[c] == max) {
        return false;
      }
    }
    return true;
  }
}
