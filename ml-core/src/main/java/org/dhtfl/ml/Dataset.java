package org.dhtfl.ml;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Rows of numeric features, with or without class labels.
 *
 * @param name     where the rows came from (a file name), for messages
 * @param rows     number of rows, at least 1
 * @param features number of features per row, at least 1
 * @param values   the features, flat row-major (rows x features); the accessor returns a copy
 * @param labels   one class index per row, or an empty array for unlabelled data; the accessor returns a copy
 */
public record Dataset(String name, int rows, int features, double[] values, int[] labels) {

  public Dataset {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(values, "values");
    Objects.requireNonNull(labels, "labels");
    if (rows < 1) {
      throw new IllegalArgumentException(name + ": " + rows + " rows, expected at least 1");
    }
    if (features < 1) {
      throw new IllegalArgumentException(name + ": " + features + " features, expected at least 1");
    }
    if ((long) rows * features != values.length) {
      throw new IllegalArgumentException(
          name + ": " + values.length + " values, expected " + rows + " x " + features);
    }
    if (labels.length != rows && labels.length != 0) {
      throw new IllegalArgumentException(
          name + ": " + labels.length + " labels, expected " + rows + " (or none)");
    }
    values = values.clone();
    labels = labels.clone();
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException(
            name + ": row " + i / features + ", feature " + i % features + " is " + values[i]);
      }
    }
    for (int t = 0; t < labels.length; t++) {
      if (labels[t] < 0) {
        throw new IllegalArgumentException(name + ": row " + t + " has label " + labels[t]);
      }
    }
  }

  /** Labelled rows; the arrays are copied. */
  public static Dataset labelled(String name, int features, double[] values, int[] labels) {
    Objects.requireNonNull(labels, "labels");
    return new Dataset(name, labels.length, features, values, labels);
  }

  /** Rows without labels (for prediction); the array is copied. */
  public static Dataset unlabelled(String name, int features, double[] values) {
    Objects.requireNonNull(values, "values");
    if (features < 1) {
      throw new IllegalArgumentException(name + ": " + features + " features, expected at least 1");
    }
    return new Dataset(name, values.length / features, features, values, new int[0]);
  }

  /**
   * The rows of every part, in order. All parts must have the same number of features and be all
   * labelled or all unlabelled.
   */
  public static Dataset concat(String name, List<Dataset> parts) {
    Objects.requireNonNull(parts, "parts");
    if (parts.isEmpty()) {
      throw new IllegalArgumentException(name + ": nothing to concatenate");
    }
    Dataset first = Objects.requireNonNull(parts.get(0), "part 0");
    long totalRows = 0;
    for (Dataset part : parts) {
      Objects.requireNonNull(part, "part");
      if (part.features != first.features) {
        throw new IllegalArgumentException(part.name + " has " + part.features + " features, "
            + first.name + " has " + first.features);
      }
      if (part.labelled() != first.labelled()) {
        throw new IllegalArgumentException(part.name + (part.labelled() ? " is" : " is not")
            + " labelled, " + first.name + (first.labelled() ? " is" : " is not"));
      }
      totalRows += part.rows;
    }
    if (totalRows * first.features > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException(name + ": " + totalRows + " rows are too many");
    }
    double[] values = new double[(int) totalRows * first.features];
    int[] labels = new int[first.labelled() ? (int) totalRows : 0];
    int row = 0;
    for (Dataset part : parts) {
      System.arraycopy(part.values, 0, values, row * first.features, part.values.length);
      if (part.labelled()) {
        System.arraycopy(part.labels, 0, labels, row, part.rows);
      }
      row += part.rows;
    }
    return new Dataset(name, (int) totalRows, first.features, values, labels);
  }

  public boolean labelled() {
    return labels.length == rows;
  }

  /** Copy of the features, flat row-major. */
  @Override
  public double[] values() {
    return values.clone();
  }

  /** Copy of the labels (empty when unlabelled). */
  @Override
  public int[] labels() {
    return labels.clone();
  }

  /** The largest label + 1 (0 when unlabelled). */
  public int labelBound() {
    int max = -1;
    for (int label : labels) {
      max = Math.max(max, label);
    }
    return max + 1;
  }

  /** The arrays themselves, for the trainer: never modify them. */
  double[] valuesArray() {
    return values;
  }

  int[] labelsArray() {
    return labels;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Dataset that
        && name.equals(that.name)
        && rows == that.rows
        && features == that.features
        && Arrays.equals(values, that.values)
        && Arrays.equals(labels, that.labels);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, rows, features, Arrays.hashCode(values), Arrays.hashCode(labels));
  }

  @Override
  public String toString() {
    return "Dataset[" + name + ", " + rows + " rows x " + features + " features"
        + (labelled() ? ", labelled" : ", unlabelled") + "]";
  }
}
