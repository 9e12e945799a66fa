package org.dhtfl.ml;

import java.util.Arrays;

/**
 * {@link BlockPass} in plain Java, for a JVM without the Vector API: matrices transposed (one array per
 * unit, indexed by row in the block) so that C2 vectorises the long loops by itself, see {@link Kernels}.
 * Holds the scratch matrices, so each thread needs its own instance; nothing is allocated per pass.
 */
final class ScalarBlockPass implements BlockPass {
  private final boolean mlp;
  private final int inputs;
  private final int hidden;
  private final int classes;
  /** Hidden pre-activations A, hidden x rows. */
  private final double[][] preActivation;
  /** Hidden outputs Z with the bias row of ones first, (hidden + 1) x rows. */
  private final double[][] hiddenOut;
  /** Outputs O, then exp(O - max), then R - Y, classes x rows. */
  private final double[][] outputs;
  /** Back-propagated error at the hidden layer, hidden x rows. */
  private final double[][] hiddenError;
  private final double[] rowMax;
  private final double[] rowSum;

  ScalarBlockPass(ModelShape shape, int maxRows) {
    mlp = shape.kind() == ModelKind.MLP;
    inputs = shape.inputs() + 1;
    hidden = shape.hidden();
    classes = shape.classes();
    preActivation = new double[hidden][maxRows];
    hiddenOut = new double[mlp ? hidden + 1 : 0][maxRows];
    if (mlp) {
      Arrays.fill(hiddenOut[0], 1.0);
    }
    outputs = new double[classes][maxRows];
    hiddenError = new double[hidden][maxRows];
    rowMax = new double[maxRows];
    rowSum = new double[maxRows];
  }

  @Override
  public void run(RowBlock block, double[] v, double[] w, boolean withGradient, BlockResult result) {
    int n = block.rows;
    double[][] layer = forward(block, v, w);
    int layerRows = mlp ? hidden + 1 : inputs;
    result.correct = countCorrect(block);
    result.loss = softmaxLossAndError(block);
    if (withGradient) {
      Kernels.contract(layer, layerRows, outputs, classes, n, result.gradientV);
      if (mlp) {
        // Error at the hidden units: V[1:] (R - Y), masked by the ReLU's derivative (A > 0).
        Kernels.combine(v, classes, classes, 1, hidden, outputs, classes, n, hiddenError);
        // The mask as a factor: z = max(0, a) >= 0, so min(1, ceil(z)) is exactly 1 where a > 0
        // and 0 elsewhere; unlike "a > 0 ? e : 0" (a branch per value), C2 vectorises it.
        for (int j = 0; j < hidden; j++) {
          double[] error = hiddenError[j];
          double[] z = hiddenOut[j + 1];
          for (int t = 0; t < n; t++) {
            error[t] *= Math.min(1.0, Math.ceil(z[t]));
          }
        }
        Kernels.contract(block.inputs, inputs, hiddenError, hidden, n, result.gradientW);
      }
    }
  }

  @Override
  public void predict(RowBlock block, double[] v, double[] w, int[] out, int from) {
    int n = block.rows;
    forward(block, v, w);
    for (int t = 0; t < n; t++) {
      int best = 0;
      double bestValue = outputs[0][t];
      for (int c = 1; c < classes; c++) {
        double value = outputs[c][t];
        if (value > bestValue) {
          bestValue = value;
          best = c;
        }
      }
      out[from + t] = best;
    }
  }

  /** Computes O (and for the MLP, A and Z); returns the matrix feeding the output layer. */
  private double[][] forward(RowBlock block, double[] v, double[] w) {
    int n = block.rows;
    double[][] layer;
    if (mlp) {
      Kernels.combine(w, 0, 1, hidden, hidden, block.inputs, inputs, n, preActivation);
      for (int j = 0; j < hidden; j++) {
        double[] a = preActivation[j];
        double[] z = hiddenOut[j + 1];
        for (int t = 0; t < n; t++) {
          z[t] = Math.max(0.0, a[t]);
        }
      }
      layer = hiddenOut;
    } else {
      layer = block.inputs;
    }
    Kernels.combine(v, 0, 1, classes, classes, layer, mlp ? hidden + 1 : inputs, n, outputs);
    return layer;
  }

  /** Rows whose first arg max of O is their label; also leaves each row's max in rowMax. */
  private int countCorrect(RowBlock block) {
    int n = block.rows;
    double[] max = rowMax;
    System.arraycopy(outputs[0], 0, max, 0, n);
    for (int c = 1; c < classes; c++) {
      double[] o = outputs[c];
      for (int t = 0; t < n; t++) {
        max[t] = Math.max(max[t], o[t]);
      }
    }
    int[] labels = block.labels;
    if (labels.length == 0) {
      return 0;
    }
    int correct = 0;
    for (int t = 0; t < n; t++) {
      int label = labels[t];
      if (outputs[label][t] == max[t] && isFirstMax(t, label)) {
        correct++;
      }
    }
    return correct;
  }

  /** Whether no class before {@code label} reaches the row's max (ties go to the first class). */
  private boolean isFirstMax(int t, int label) {
    for (int c = 0; c < label; c++) {
      if (outputs[c][t] == rowMax[t]) {
        return false;
      }
    }
    return true;
  }

  /** Turns O into R - Y (softmax with the row max subtracted) and returns the summed loss. */
  private double softmaxLossAndError(RowBlock block) {
    int n = block.rows;
    int[] labels = block.labels;
    double[] max = rowMax;
    double[] sum = rowSum;
    for (int t = 0; t < n; t++) {
      sum[t] = 0.0;
    }
    for (int c = 0; c < classes; c++) {
      double[] o = outputs[c];
      for (int t = 0; t < n; t++) {
        o[t] = Exp.exp(o[t] - max[t]);
      }
      for (int t = 0; t < n; t++) {
        sum[t] += o[t];
      }
    }
    double logSum = 0.0;
    for (int t = 0; t < n; t++) {
      logSum += Math.log(outputs[labels[t]][t] / sum[t] + LOG_EPSILON);
    }
    for (int c = 0; c < classes; c++) {
      double[] o = outputs[c];
      for (int t = 0; t < n; t++) {
        o[t] = -(o[t] / sum[t]);
      }
    }
    for (int t = 0; t < n; t++) {
      outputs[labels[t]][t] += 1.0;
    }
    return -logSum;
  }
}
