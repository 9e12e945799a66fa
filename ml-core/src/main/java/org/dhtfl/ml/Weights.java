package org.dhtfl.ml;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.IntUnaryOperator;

/**
 * The parameters of one model: V and W as flat row-major arrays (see {@link ModelShape}).
 *
 * <p>Immutable: every factory copies its input and every accessor returns a copy. Every value is
 * finite.
 */
public final class Weights {
  private final ModelShape shape;
  private final double[] v;
  private final double[] w;

  /** Takes ownership of the arrays; callers have checked their lengths and values. */
  private Weights(ModelShape shape, double[] v, double[] w) {
    this.shape = shape;
    this.v = v;
    this.w = w;
  }

  /** Flat row-major V and W, copied. */
  public static Weights of(ModelShape shape, double[] v, double[] w) {
    Objects.requireNonNull(shape, "shape");
    Objects.requireNonNull(v, "V");
    Objects.requireNonNull(w, "W");
    if (v.length != shape.vSize()) {
      throw new IllegalArgumentException(
          "V has " + v.length + " values, expected " + shape.vRows() + " x " + shape.vCols() + " = " + shape.vSize());
    }
    if (w.length != shape.wSize()) {
      throw new IllegalArgumentException("W has " + w.length + " values, expected " + (shape.singleLayer()
          ? shape.wRows() + " x " + shape.wCols() + " = " + shape.wSize() : shape.wSize() + " for " + shape));
    }
    return checked(shape, v.clone(), w.clone());
  }

  /** V and W as arrays of rows (the wire format), copied. */
  public static Weights fromRows(ModelShape shape, double[][] v, double[][] w) {
    Objects.requireNonNull(shape, "shape");
    return checked(shape, flatten("V", v, shape.vRows(), r -> shape.vCols()), flatten("W", w, shape.wRows(), shape::wCols));
  }

  /** V and W as rows of a model of this kind, the shape taken from their dimensions; every row must fit it. */
  public static Weights fromRows(ModelKind kind, double[][] v, double[][] w) {
    return fromRows(ModelShape.of(kind, v, w), v, w);
  }

  /**
   * V and W as rows of a model of this kind and {@code inputs} inputs, which tells apart first layers of one
   * width (see {@link ModelShape#of(ModelKind, int, double[][], double[][])}); every row must fit.
   */
  public static Weights fromRows(ModelKind kind, int inputs, double[][] v, double[][] w) {
    return fromRows(ModelShape.of(kind, inputs, v, w), v, w);
  }

  /** All zeros. */
  public static Weights zeros(ModelShape shape) {
    Objects.requireNonNull(shape, "shape");
    return new Weights(shape, new double[shape.vSize()], new double[shape.wSize()]);
  }

  /**
   * Uniform in [-0.01, 0.01), drawn exactly as the reference does: {@code np.random.seed(seed)}, then
   * {@code V = np.random.rand(vRows, vCols) * 0.02 - 0.01}, then (MLP only) W the same way.
   *
   * @param seed 0..2^32-1, as numpy accepts
   */
  public static Weights initial(ModelShape shape, long seed) {
    Objects.requireNonNull(shape, "shape");
    MersenneTwister random = new MersenneTwister(seed);
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = random.nextDouble() * 0.02 - 0.01;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = random.nextDouble() * 0.02 - 0.01;
    }
    return new Weights(shape, v, w);
  }

  public ModelShape shape() {
    return shape;
  }

  /** V, flat row-major, copied. */
  public double[] v() {
    return v.clone();
  }

  /** W, flat row-major, copied (empty for LOGISTIC). */
  public double[] w() {
    return w.clone();
  }

  /** V as rows, copied. */
  public double[][] vRows() {
    return rows(v, shape.vRows(), shape.vCols());
  }

  /** W as rows, copied: every hidden layer's rows, one layer after the other (no rows for LOGISTIC). */
  public double[][] wRows() {
    double[][] rows = new double[shape.wRows()][];
    int at = 0;
    for (int r = 0; r < rows.length; r++) {
      int cols = shape.wCols(r);
      rows[r] = Arrays.copyOfRange(w, at, at + cols);
      at += cols;
    }
    return rows;
  }

  public Weights plus(Weights other) {
    requireSameShape(other);
    double[] sumV = new double[v.length];
    double[] sumW = new double[w.length];
    for (int i = 0; i < v.length; i++) {
      sumV[i] = v[i] + other.v[i];
    }
    for (int i = 0; i < w.length; i++) {
      sumW[i] = w[i] + other.w[i];
    }
    return checked(shape, sumV, sumW);
  }

  public Weights minus(Weights other) {
    requireSameShape(other);
    double[] differenceV = new double[v.length];
    double[] differenceW = new double[w.length];
    for (int i = 0; i < v.length; i++) {
      differenceV[i] = v[i] - other.v[i];
    }
    for (int i = 0; i < w.length; i++) {
      differenceW[i] = w[i] - other.w[i];
    }
    return checked(shape, differenceV, differenceW);
  }

  public Weights scaled(double factor) {
    if (!Double.isFinite(factor)) {
      throw new IllegalArgumentException("scale factor " + factor + " is not finite");
    }
    double[] scaledV = new double[v.length];
    double[] scaledW = new double[w.length];
    for (int i = 0; i < v.length; i++) {
      scaledV[i] = v[i] * factor;
    }
    for (int i = 0; i < w.length; i++) {
      scaledW[i] = w[i] * factor;
    }
    return checked(shape, scaledV, scaledW);
  }

  /** The largest absolute value in V and W (0 for all zeros). */
  public double maxAbs() {
    double max = 0;
    for (double value : v) {
      max = Math.max(max, Math.abs(value));
    }
    for (double value : w) {
      max = Math.max(max, Math.abs(value));
    }
    return max;
  }

  /** The arrays themselves, for the trainer and aggregation in this package: never modify them. */
  double[] vArray() {
    return v;
  }

  double[] wArray() {
    return w;
  }

  /** Wraps arrays this package has just computed, checking them; takes ownership. */
  static Weights wrap(ModelShape shape, double[] v, double[] w) {
    if (v.length != shape.vSize() || w.length != shape.wSize()) {
      throw new IllegalStateException("arrays of " + v.length + " and " + w.length + " values do not fit " + shape);
    }
    return checked(shape, v, w);
  }

  void requireSameShape(Weights other) {
    Objects.requireNonNull(other, "other weights");
    if (!shape.equals(other.shape)) {
      throw new IllegalArgumentException("shape " + other.shape + " does not match " + shape);
    }
  }

  private static Weights checked(ModelShape shape, double[] v, double[] w) {
    requireFinite("V", v, shape.vCols());
    requireFinite("W", w, shape.singleLayer() ? shape.hidden() : 0);
    return new Weights(shape, v, w);
  }

  /** Fails naming the first value that is not finite, by row and column when all rows have {@code cols} (> 0). */
  private static void requireFinite(String name, double[] values, int cols) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        String at = cols > 0 ? "[" + i / cols + "][" + i % cols + "]" : " value " + i;
        throw new IllegalArgumentException(name + at + " is " + values[i]);
      }
    }
  }

  private static double[] flatten(String name, double[][] rows, int expectedRows, IntUnaryOperator expectedCols) {
    Objects.requireNonNull(rows, name);
    if (rows.length != expectedRows) {
      throw new IllegalArgumentException(name + " has " + rows.length + " rows, expected " + expectedRows);
    }
    int size = 0;
    for (int r = 0; r < expectedRows; r++) {
      size += expectedCols.applyAsInt(r);
    }
    double[] flat = new double[size];
    int at = 0;
    for (int r = 0; r < expectedRows; r++) {
      double[] row = rows[r];
      int cols = expectedCols.applyAsInt(r);
      if (row == null) {
        throw new IllegalArgumentException(name + " row " + r + " is null");
      }
      if (row.length != cols) {
        throw new IllegalArgumentException(name + " row " + r + " has " + row.length + " columns, expected " + cols);
      }
      System.arraycopy(row, 0, flat, at, cols);
      at += cols;
    }
    return flat;
  }

  private static double[][] rows(double[] flat, int rowCount, int cols) {
    double[][] rows = new double[rowCount][];
    for (int r = 0; r < rowCount; r++) {
      rows[r] = Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
    }
    return rows;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Weights that
        && shape.equals(that.shape)
        && Arrays.equals(v, that.v)
        && Arrays.equals(w, that.w);
  }

  @Override
  public int hashCode() {
    return 31 * (31 * shape.hashCode() + Arrays.hashCode(v)) + Arrays.hashCode(w);
  }

  @Override
  public String toString() {
    return "Weights[" + shape + ", max |value| " + maxAbs() + "]";
  }
}
