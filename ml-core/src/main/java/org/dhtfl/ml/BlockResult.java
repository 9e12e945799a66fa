package org.dhtfl.ml;

/** What one pass over one {@link RowBlock} produced. Owned by the training that made it. */
final class BlockResult {
  /** The descent direction for V from this block's rows: Z^T (R - Y). */
  final double[] gradientV;
  /** The descent direction for W from this block's rows (empty for LOGISTIC). */
  final double[] gradientW;
  /** The block's summed loss. */
  double loss;
  /** The block's rows whose predicted class is their label. */
  int correct;

  BlockResult(ModelShape shape) {
    gradientV = new double[shape.vSize()];
    gradientW = new double[shape.wSize()];
  }
}
