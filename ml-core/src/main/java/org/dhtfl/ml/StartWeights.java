package org.dhtfl.ml;

import java.util.Locale;
import java.util.Objects;

/**
 * How start weights are drawn from a seed: uniform in [-0.01, 0.01], V row by row, then (MLP
 * only) W, with the random source of one of the two reference implementations.
 */
public enum StartWeights {

  /**
   * The reference's C++ model: {@code srand(seed)}, then {@code -0.01 + 0.02 * rand() / RAND_MAX}
   * with glibc's rand(). The reference seeds with 0, which glibc takes as 1.
   */
  GLIBC,

  /**
   * The reference's Python model: {@code np.random.seed(seed)}, then
   * {@code np.random.rand(rows, cols) * 0.02 - 0.01}.
   */
  NUMPY;

  /** "glibc" or "numpy", case-insensitive; fails naming the value otherwise. */
  public static StartWeights parse(String name) {
    Objects.requireNonNull(name, "name");
    for (StartWeights s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("start weights '" + name + "' are not known; glibc or numpy are");
  }

  /** The lower-case name, as the command lines and the wire spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The {@link #label() label}, so that command lines list and accept the values as typed. */
  @Override
  public String toString() {
    return label();
  }

  /** Draws the start weights of the shape from the seed (0..2^32-1). */
  public Weights draw(ModelShape shape, long seed) {
    Objects.requireNonNull(shape, "shape");
    if (this == NUMPY) {
      return Weights.initial(shape, seed);
    }
    GlibcRandom random = new GlibcRandom(seed);
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    for (int i = 0; i < v.length; i++) {
      v[i] = -0.01 + 0.02 * ((double) random.next() / GlibcRandom.RAND_MAX);
    }
    for (int i = 0; i < w.length; i++) {
      w[i] = -0.01 + 0.02 * ((double) random.next() / GlibcRandom.RAND_MAX);
    }
    return Weights.of(shape, v, w);
  }
}
