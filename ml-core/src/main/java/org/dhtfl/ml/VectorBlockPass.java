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
  /** Rows per chunk. */
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
      for (int r = 0; r < rows; r++) {
        int row = r * classWidth;
        int label = labels[first + r];
        double max = VectorKernels.max(outputRows, row, classes);
        if (outputRows[row + label] == max && isFirstMax(row, label, max)) {
          correct++;
        }
        // R - Y, with the softmax's row max subtracted, as ScalarBlockPass does it
        VectorKernels.expShifted(outputRows, row, row + classWidth, max);
        double sum = 0.0;
        for (int c = row; c < row + classes; c++) {
          sum += outputRows[c];
        }
        logSum += Math.log(outputRows[row + label] / sum + LOG_EPSILON);
        VectorKernels.negatedQuotient(outputRows, row, row + classWidth, sum);
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
