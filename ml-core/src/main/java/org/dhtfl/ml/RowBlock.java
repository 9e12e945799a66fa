package org.dhtfl.ml;

/**
 * A run of consecutive rows of a dataset, in the two layouts of the two passes, each with the bias input 1
 * first: transposed for {@link ScalarBlockPass} ({@code inputs[0][t] = 1}, {@code inputs[i + 1][t]} =
 * feature i of row t) and by row for {@link VectorBlockPass} ({@code byRow[t * (features + 1)] = 1},
 * {@code byRow[t * (features + 1) + i + 1]} = feature i of row t).
 */
final class RowBlock {
  /**
   * Rows per block. Fixed, and independent of the thread count, so a training's arithmetic (and so its
   * result, bit for bit) depends only on the data and the options, never on how many threads ran it.
   */
  static final int ROWS = 512;

  final int firstRow;
  final int rows;
  final double[][] inputs;
  final double[] byRow;
  /** The class of each row; empty for unlabelled data. */
  final int[] labels;

  private RowBlock(int firstRow, int rows, double[][] inputs, double[] byRow, int[] labels) {
    this.firstRow = firstRow;
    this.rows = rows;
    this.inputs = inputs;
    this.byRow = byRow;
    this.labels = labels;
  }

  /** The dataset's rows in blocks of {@link #ROWS} (the last may be shorter). */
  static RowBlock[] split(Dataset data) {
    return split(data, ROWS);
  }

  static RowBlock[] split(Dataset data, int blockRows) {
    int features = data.features();
    double[] values = data.valuesArray();
    int[] allLabels = data.labelsArray();
    int count = (data.rows() + blockRows - 1) / blockRows;
    RowBlock[] blocks = new RowBlock[count];
    for (int b = 0; b < count; b++) {
      int first = b * blockRows;
      int rows = Math.min(blockRows, data.rows() - first);
      double[][] inputs = new double[features + 1][rows];
      double[] byRow = new double[rows * (features + 1)];
      for (int t = 0; t < rows; t++) {
        inputs[0][t] = 1.0;
        byRow[t * (features + 1)] = 1.0;
        int source = (first + t) * features;
        for (int i = 0; i < features; i++) {
          inputs[i + 1][t] = values[source + i];
        }
        System.arraycopy(values, source, byRow, t * (features + 1) + 1, features);
      }
      int[] labels = new int[data.labelled() ? rows : 0];
      if (data.labelled()) {
        System.arraycopy(allLabels, first, labels, 0, rows);
      }
      blocks[b] = new RowBlock(first, rows, inputs, byRow, labels);
    }
    return blocks;
  }

  /** The most rows of any block. */
  static int maxRows(RowBlock[] blocks) {
    int max = 0;
    for (RowBlock block : blocks) {
      max = Math.max(max, block.rows);
    }
    return max;
  }
}
