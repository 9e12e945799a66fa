package org.dhtfl.ml;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's scaling of its inputs: feature i enters as (x_i - mean[i]) / scale[i]. A model trained on
 * standardised rows carries its standardisation, so whoever applies the model scales the rows the same way.
 *
 * @param mean  one value per feature, finite; the accessor returns a copy
 * @param scale one value per feature, positive and finite; the accessor returns a copy
 */
public record Standardization(double[] mean, double[] scale) {

  public Standardization {
    Objects.requireNonNull(mean, "mean");
    Objects.requireNonNull(scale, "scale");
    if (mean.length == 0 || mean.length != scale.length) {
      throw new IllegalArgumentException("standardisation of " + mean.length + " means and " + scale.length
          + " scales; expected one of each per feature, at least one");
    }
    mean = mean.clone();
    scale = scale.clone();
    for (int i = 0; i < mean.length; i++) {
      if (!Double.isFinite(mean[i])) {
        throw new IllegalArgumentException("mean of feature " + i + " is " + mean[i]);
      }
      if (!(scale[i] > 0) || !Double.isFinite(scale[i])) {
        throw new IllegalArgumentException("scale of feature " + i + " is " + scale[i] + ", must be positive");
      }
    }
  }

  /**
   * From the rows' count, per-feature sums and sums of squares: the mean and the (population) standard
   * deviation; a feature that does not vary keeps scale 1, so it enters as 0.
   */
  public static Standardization fromSums(long count, double[] sums, double[] squares) {
    Objects.requireNonNull(sums, "sums");
    Objects.requireNonNull(squares, "squares");
    if (count < 1) {
      throw new IllegalArgumentException("standardisation from " + count + " rows; at least 1 needed");
    }
    if (sums.length != squares.length) {
      throw new IllegalArgumentException(sums.length + " sums but " + squares.length + " sums of squares");
    }
    double[] mean = new double[sums.length];
    double[] scale = new double[sums.length];
    for (int i = 0; i < sums.length; i++) {
      mean[i] = sums[i] / count;
      double variance = Math.max(0.0, squares[i] / count - mean[i] * mean[i]);
      double deviation = Math.sqrt(variance);
      scale[i] = deviation > 1e-12 * Math.max(1.0, Math.abs(mean[i])) ? deviation : 1.0;
    }
    return new Standardization(mean, scale);
  }

  /** The features this scaling takes. */
  public int features() {
    return mean.length;
  }

  /** The rows scaled; labels and name kept. */
  public Dataset apply(Dataset data) {
    Objects.requireNonNull(data, "data");
    if (data.features() != mean.length) {
      throw new IllegalArgumentException(data.name() + " has " + data.features() + " features, the standardisation "
          + "takes " + mean.length);
    }
    double[] values = data.valuesArray().clone();
    for (int i = 0; i < values.length; i++) {
      int f = i % mean.length;
      values[i] = (values[i] - mean[f]) / scale[f];
    }
    return new Dataset(data.name(), data.rows(), data.features(), values, data.labelsArray());
  }

  @Override
  public double[] mean() {
    return mean.clone();
  }

  @Override
  public double[] scale() {
    return scale.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Standardization that && Arrays.equals(mean, that.mean) && Arrays.equals(scale, that.scale);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(mean) + Arrays.hashCode(scale);
  }

  @Override
  public String toString() {
    return "Standardization[mean " + Arrays.toString(mean) + ", scale " + Arrays.toString(scale) + "]";
  }
}
