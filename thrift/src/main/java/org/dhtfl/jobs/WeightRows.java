package org.dhtfl.jobs;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model's weights as the wire carries them: the model kind ("mlp" or "logistic"), V ((H+1) x K,
 * or (D+1) x K for logistic) and W ((D+1) x H, empty for logistic), row by row. A plain value of
 * the protocol: the programs turn it into their own model types. The arrays are copied in and out.
 */
public final class WeightRows {

  private final String model;
  private final double[][] v;
  private final double[][] w;

  public WeightRows(String model, double[][] v, double[][] w) {
    this.model = Objects.requireNonNull(model, "model");
    this.v = copy(Objects.requireNonNull(v, "V"));
    this.w = copy(Objects.requireNonNull(w, "W"));
  }

  public String model() {
    return model;
  }

  public double[][] v() {
    return copy(v);
  }

  public double[][] w() {
    return copy(w);
  }

  private static double[][] copy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof WeightRows other && other.model.equals(model) && Arrays.deepEquals(other.v, v)
        && Arrays.deepEquals(other.w, w);
  }

  @Override
  public int hashCode() {
    return Objects.hash(model, Arrays.deepHashCode(v), Arrays.deepHashCode(w));
  }

  @Override
  public String toString() {
    return model + " weights, V " + v.length + " rows, W " + w.length + " rows";
  }
}
