package org.dhtfl.ml;

import java.util.Objects;

/**
 * The dimensions of a model.
 *
 * <p>MLP: V is (hidden+1) x classes and W is (inputs+1) x hidden. LOGISTIC: V is (inputs+1) x classes
 * and W is empty (0 x 0). Row 0 of each matrix holds the bias weights.
 */
public record ModelShape(ModelKind kind, int inputs, int hidden, int classes) {

  public ModelShape {
    Objects.requireNonNull(kind, "kind");
    if (inputs < 1) {
      throw new IllegalArgumentException("inputs " + inputs + " must be at least 1");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes " + classes + " must be at least 2");
    }
    if (kind == ModelKind.MLP && hidden < 1) {
      throw new IllegalArgumentException("hidden " + hidden + " must be at least 1 for an MLP");
    }
    if (kind == ModelKind.LOGISTIC && hidden != 0) {
      throw new IllegalArgumentException("hidden " + hidden + " must be 0 for a logistic model");
    }
    // The flat arrays are indexed with int: refuse shapes whose matrices would not fit.
    long vSize = (long) ((kind == ModelKind.MLP ? hidden : inputs) + 1) * classes;
    long wSize = kind == ModelKind.MLP ? (long) (inputs + 1) * hidden : 0;
    if (vSize > Integer.MAX_VALUE - 8 || wSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("shape " + inputs + "/" + hidden + "/" + classes + " is too large");
    }
  }

  public static ModelShape mlp(int inputs, int hidden, int classes) {
    return new ModelShape(ModelKind.MLP, inputs, hidden, classes);
  }

  public static ModelShape logistic(int inputs, int classes) {
    return new ModelShape(ModelKind.LOGISTIC, inputs, 0, classes);
  }

  /** The shape that V and W as rows imply: V is (H+1) x K and W is (D+1) x H, or W empty for logistic. */
  public static ModelShape of(ModelKind kind, double[][] v, double[][] w) {
    if (v.length < 2 || v[0].length < 2) {
      throw new IllegalArgumentException("V has " + v.length + " rows; a model needs at least 2 rows and 2 columns");
    }
    int classes = v[0].length;
    if (kind == ModelKind.LOGISTIC) {
      return logistic(v.length - 1, classes);
    }
    if (w.length < 2) {
      throw new IllegalArgumentException("W has " + w.length + " rows; an MLP needs at least 2");
    }
    return mlp(w.length - 1, v.length - 1, classes);
  }

  public int vRows() {
    return (kind == ModelKind.MLP ? hidden : inputs) + 1;
  }

  public int vCols() {
    return classes;
  }

  public int wRows() {
    return kind == ModelKind.MLP ? inputs + 1 : 0;
  }

  public int wCols() {
    return kind == ModelKind.MLP ? hidden : 0;
  }

  /** Number of values in V. */
  public int vSize() {
    return vRows() * vCols();
  }

  /** Number of values in W (0 for LOGISTIC). */
  public int wSize() {
    return wRows() * wCols();
  }

  @Override
  public String toString() {
    return kind == ModelKind.MLP
        ? "mlp(" + inputs + "," + hidden + "," + classes + ")"
        : "logistic(" + inputs + "," + classes + ")";
  }
}
