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
  NUMPY,

  /**
   * He et al. (2015) for ReLU layers: each weight normal with mean 0 and variance 2 / (the units feeding
   * its layer), every bias 0. The normals come from numpy's Mersenne Twister seeded with the seed, two
   * uniforms per pair of normals by the Box-Muller transform; V row by row, then W layer by layer.
   */
  HE;

  /** The start weights a shape gets when none are asked for: the reference's for one hidden layer, He's for more. */
  public static StartWeights defaultFor(int hiddenLayers) {
    return hiddenLayers > 1 ? HE : GLIBC;
  }

  /** "glibc", "numpy" or "he", case-insensitive; fails naming the value otherwise. */
  public static StartWeights parse(String name) {
    Objects.requireNonNull(name, "name");
    for (StartWeights s : values()) {
      if (s.name().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("start weights '" + name + "' are not known; glibc, numpy or he are");
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
    if (this == HE) {
      return he(shape, seed);
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

  private static Weights he(ModelShape shape, long seed) {
    MersenneTwister random = new MersenneTwister(seed);
    double[] v = new double[shape.vSize()];
    double[] w = new double[shape.wSize()];
    heLayer(random, v, 0, shape.vRows(), shape.vCols());
    for (int l = 0; l < shape.layers().size(); l++) {
      heLayer(random, w, shape.layerOffset(l), shape.layerInputs(l) + 1, shape.layers().get(l));
    }
    return Weights.of(shape, v, w);
  }

  /** A (rows x cols) block of {@code out} from {@code offset}: row 0 (the bias) zero, the others He's normals. */
  private static void heLayer(MersenneTwister random, double[] out, int offset, int rows, int cols) {
    double deviation = Math.sqrt(2.0 / (rows - 1));
    for (int i = offset + cols; i < offset + rows * cols; i += 2) {
      // Box-Muller: two independent standard normals from two uniforms in (0, 1].
      double radius = Math.sqrt(-2.0 * StrictMath.log(1.0 - random.nextDouble()));
      double angle = 2.0 * Math.PI * random.nextDouble();
      out[i] = deviation * radius * StrictMath.cos(angle);
      if (i + 1 < offset + rows * cols) {
        out[i + 1] = deviation * radius * StrictMath.sin(angle);
      }
    }
  }
}
