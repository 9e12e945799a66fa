package org.dhtfl.client.data;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * The symmetric Dirichlet distribution Dir(alpha, ..., alpha) over {@code dimensions} proportions:
 * a draw is {@code dimensions} non-negative numbers that sum to 1. Small alpha (0.1) puts nearly all
 * the mass on one or two components; large alpha (1000) gives nearly equal ones.
 *
 * <p>A draw normalises independent Gamma(alpha, 1) samples, drawn by Marsaglia and Tsang's method ("A
 * simple method for generating gamma variables", ACM TOMS 26(3), 2000). For alpha below 1 it uses
 * their boost, Gamma(alpha) = Gamma(alpha + 1) * U^(1/alpha), in logarithms: for small alpha the
 * samples themselves underflow to 0. The draw is therefore positive in every component unless alpha is
 * so small (around 0.01 or less) that a component is more than about e^-745 times the largest, when
 * that component is 0.
 *
 * @param dimensions the number of proportions, at least 1
 * @param alpha      the concentration, positive and finite
 */
public record Dirichlet(int dimensions, double alpha) {

  public Dirichlet {
    if (dimensions < 1) {
      throw new IllegalArgumentException("dimensions " + dimensions + " must be at least 1");
    }
    if (!(alpha > 0) || Double.isInfinite(alpha)) {
      throw new IllegalArgumentException("alpha " + alpha + " must be positive and finite");
    }
  }

  /** One draw: {@code dimensions} proportions that sum to 1 (up to rounding). */
  public double[] sample(RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    double[] logs = new double[dimensions];
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < dimensions; i++) {
      logs[i] = logGamma(alpha, random);
      max = Math.max(max, logs[i]);
    }
    double sum = 0;
    double[] proportions = new double[dimensions];
    for (int i = 0; i < dimensions; i++) {
      proportions[i] = Math.exp(logs[i] - max);
      sum += proportions[i];
    }
    for (int i = 0; i < dimensions; i++) {
      proportions[i] /= sum;
    }
    return proportions;
  }

  /**
   * One sample of Gamma(shape, 1), whose mean and variance are both {@code shape}. For shape well below
   * 1 the sample may underflow to 0; {@link #sample} works with its logarithm instead.
   */
  public static double gamma(double shape, RandomGenerator random) {
    return Math.exp(logGamma(shape, random));
  }

  /** The logarithm of one Gamma(shape, 1) sample. */
  static double logGamma(double shape, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    if (!(shape > 0) || Double.isInfinite(shape)) {
      throw new IllegalArgumentException("gamma shape " + shape + " must be positive and finite");
    }
    if (shape < 1) {
      // Marsaglia-Tsang's boost: U^(1/shape) is exp(log(U) / shape), with U in (0, 1].
      return logGamma(shape + 1, random) + Math.log(1 - random.nextDouble()) / shape;
    }
    double d = shape - 1.0 / 3;
    double c = 1 / Math.sqrt(9 * d);
    while (true) {
      double x = random.nextGaussian();
      double v = 1 + c * x;
      if (v <= 0) {
        continue;
      }
      v = v * v * v;
      double u = 1 - random.nextDouble();
      double x2 = x * x;
      // The squeeze accepts most candidates without a logarithm; the second test is the exact one.
      if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
        return Math.log(d * v);
      }
    }
  }
}
