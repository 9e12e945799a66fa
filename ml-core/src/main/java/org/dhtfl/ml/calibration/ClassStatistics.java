package org.dhtfl.ml.calibration;

import java.util.Arrays;
import java.util.Objects;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * What a node can tell about its rows under the global model without sending a row: per class, the
 * count, the sum of the features the output layer sees (the ReLU hidden units of an MLP, the inputs
 * of a logistic model) and the sum of their outer products. Statistics of several nodes add up to
 * those of all their rows. Immutable.
 */
public final class ClassStatistics {
  private final int classes;
  private final int features;
  private final long[] counts;
  /** [class][feature]. */
  private final double[][] sums;
  /** [class][feature * features + feature]. */
  private final double[][] outer;

  private ClassStatistics(int classes, int features, long[] counts, double[][] sums, double[][] outer) {
    this.classes = classes;
    this.features = features;
    this.counts = counts;
    this.sums = sums;
    this.outer = outer;
  }

  /** No rows. */
  public static ClassStatistics empty(int classes, int features) {
    return new ClassStatistics(classes, features, new long[classes], new double[classes][features],
        new double[classes][features * features]);
  }

  /**
   * Statistics as another process sent them: per class the count, the sum of the features and the
   * sum of their outer products (row-major, features x features). Fails naming the first value that
   * does not fit: a negative count, a row of another length, a value that is not finite. Copied.
   */
  public static ClassStatistics of(long[] counts, double[][] sums, double[][] outer) {
    Objects.requireNonNull(counts, "counts");
    Objects.requireNonNull(sums, "sums");
    Objects.requireNonNull(outer, "outer");
    int classes = counts.length;
    if (classes < 1 || sums.length != classes || outer.length != classes) {
      throw new IllegalArgumentException("statistics of " + classes + " counts, " + sums.length + " sums and "
          + outer.length + " outer products: one of each per class, at least one class");
    }
    int features = Objects.requireNonNull(sums[0], "sums[0]").length;
    long[] c = counts.clone();
    double[][] s = new double[classes][];
    double[][] o = new double[classes][];
    for (int k = 0; k < classes; k++) {
      if (c[k] < 0) {
        throw new IllegalArgumentException("counts[" + k + "] " + c[k] + " is negative");
      }
      s[k] = finite("sums[" + k + "]", sums[k], features);
      o[k] = finite("outer[" + k + "]", outer[k], features * features);
    }
    return new ClassStatistics(classes, features, c, s, o);
  }

  private static double[] finite(String name, double[] values, int length) {
    if (values == null || values.length != length) {
      throw new IllegalArgumentException(name + " has " + (values == null ? "no" : values.length)
          + " values, expected " + length);
    }
    for (int i = 0; i < length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(name + "[" + i + "] is " + values[i] + ", not a finite number");
      }
    }
    return values.clone();
  }

  /** The statistics of the labelled rows under the model's features. */
  public static ClassStatistics of(Weights model, Dataset rows) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(rows, "rows");
    ModelShape shape = model.shape();
    if (rows.features() != shape.inputs()) {
      throw new IllegalArgumentException(rows.name() + " has " + rows.features() + " features, the model " + shape
          + " takes " + shape.inputs());
    }
    if (!rows.labelled() || rows.labelBound() > shape.classes()) {
      throw new IllegalArgumentException(rows.name() + (rows.labelled() ? " has label " + (rows.labelBound() - 1)
          : " has no labels") + ", the model " + shape + " has classes 0.." + (shape.classes() - 1));
    }
    int h = featureCount(shape);
    ClassStatistics stats = empty(shape.classes(), h);
    double[] x = rows.values();
    int[] labels = rows.labels();
    double[] w = model.w();
    double[] f = new double[h];
    for (int r = 0; r < rows.rows(); r++) {
      features(shape, w, x, r * shape.inputs(), f);
      stats.add(labels[r], f);
    }
    return stats;
  }

  /** The features the output layer of the model sees for one input row, into {@code out}. */
  static void features(ModelShape shape, double[] w, double[] x, int offset, double[] out) {
    int d = shape.inputs();
    if (shape.kind() == ModelKind.LOGISTIC) {
      System.arraycopy(x, offset, out, 0, d);
      return;
    }
    if (!shape.singleLayer()) {
      deepFeatures(shape, w, x, offset, out);
      return;
    }
    int h = shape.hidden();
    for (int j = 0; j < h; j++) {
      double a = w[j];
      for (int i = 0; i < d; i++) {
        a += x[offset + i] * w[(i + 1) * h + j];
      }
      out[j] = Math.max(0, a);
    }
  }

  /** The last hidden layer's units of a model of several layers, layer by layer as {@link #features} computes one. */
  private static void deepFeatures(ModelShape shape, double[] w, double[] x, int offset, double[] out) {
    double[] in = java.util.Arrays.copyOfRange(x, offset, offset + shape.inputs());
    for (int l = 0; l < shape.layers().size(); l++) {
      int h = shape.layers().get(l);
      int base = shape.layerOffset(l);
      double[] next = l == shape.layers().size() - 1 ? out : new double[h];
      for (int j = 0; j < h; j++) {
        double a = w[base + j];
        for (int i = 0; i < in.length; i++) {
          a += in[i] * w[base + (i + 1) * h + j];
        }
        next[j] = Math.max(0, a);
      }
      in = next;
    }
  }

  /** How many features the output layer of a model of this shape sees: its hidden units, or its inputs. */
  public static int featureCount(ModelShape shape) {
    return shape.kind() == ModelKind.MLP ? shape.hidden() : shape.inputs();
  }

  private void add(int label, double[] f) {
    counts[label]++;
    double[] sum = sums[label];
    double[] products = outer[label];
    for (int a = 0; a < features; a++) {
      sum[a] += f[a];
      if (f[a] != 0) {
        for (int b = 0; b < features; b++) {
          products[a * features + b] += f[a] * f[b];
        }
      }
    }
  }

  /** The statistics of both sets of rows. */
  public ClassStatistics plus(ClassStatistics other) {
    if (other.classes != classes || other.features != features) {
      throw new IllegalArgumentException("statistics of " + other.classes + " classes and " + other.features
          + " features do not add to " + classes + " and " + features);
    }
    long[] c = counts.clone();
    double[][] s = new double[classes][];
    double[][] o = new double[classes][];
    for (int k = 0; k < classes; k++) {
      c[k] += other.counts[k];
      s[k] = sums[k].clone();
      o[k] = outer[k].clone();
      for (int a = 0; a < s[k].length; a++) {
        s[k][a] += other.sums[k][a];
      }
      for (int a = 0; a < o[k].length; a++) {
        o[k][a] += other.outer[k][a];
      }
    }
    return new ClassStatistics(classes, features, c, s, o);
  }

  public int classes() {
    return classes;
  }

  public int features() {
    return features;
  }

  public long count(int label) {
    return counts[label];
  }

  public long rows() {
    return Arrays.stream(counts).sum();
  }

  /** The sum of the class's feature vectors, copied. */
  public double[] sum(int label) {
    return sums[label].clone();
  }

  /** The sum of the class's feature outer products, row-major features x features, copied. */
  public double[] outerProducts(int label) {
    return outer[label].clone();
  }

  /** Every class's row count, as {@link #of(long[], double[][], double[][])} takes them back; copied. */
  public long[] counts() {
    return counts.clone();
  }

  /** Every class's {@link #sum}, copied. */
  public double[][] sums() {
    return Arrays.stream(sums).map(double[]::clone).toArray(double[][]::new);
  }

  /** Every class's {@link #outerProducts}, copied. */
  public double[][] outerProducts() {
    return Arrays.stream(outer).map(double[]::clone).toArray(double[][]::new);
  }
}
