package org.dhtfl.jobs;

import java.util.Arrays;
import java.util.Objects;

/**
 * Per class, over a file's rows, of the features a model's output layer sees, as the wire carries
 * them (the IDL's ClassStatistics): the count of rows, the sum of their features and the sum of
 * the features' outer products (row-major). A plain value of the protocol: the programs turn it
 * into ml-core's statistics, which check that the values fit together. Arrays are copied in and
 * out.
 */
public final class ClassSums {

  private final long[] counts;
  private final double[][] sums;
  private final double[][] outer;

  public ClassSums(long[] counts, double[][] sums, double[][] outer) {
    this.counts = Objects.requireNonNull(counts, "counts").clone();
    this.sums = copy(Objects.requireNonNull(sums, "sums"));
    this.outer = copy(Objects.requireNonNull(outer, "outer"));
  }

  public long[] counts() {
    return counts.clone();
  }

  public double[][] sums() {
    return copy(sums);
  }

  public double[][] outer() {
    return copy(outer);
  }

  private static double[][] copy(double[][] rows) {
    double[][] out = new double[rows.length][];
    for (int i = 0; i < rows.length; i++) {
      out[i] = rows[i] == null ? null : rows[i].clone();
    }
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ClassSums other && Arrays.equals(other.counts, counts)
        && Arrays.deepEquals(other.sums, sums) && Arrays.deepEquals(other.outer, outer);
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(counts), Arrays.deepHashCode(sums),
        Arrays.deepHashCode(outer));
  }

  @Override
  public String toString() {
    return "class sums of " + counts.length + " classes";
  }
}
