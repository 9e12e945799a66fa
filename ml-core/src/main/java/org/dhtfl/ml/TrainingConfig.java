package org.dhtfl.ml;

import java.util.Objects;

/**
 * What a node trains for a file submitted with put_data: the model, how its start weights are
 * drawn (random source and seed) and the training options. The defaults are the reference's C++
 * model: an MLP with 20 hidden units over 26 classes, start weights from glibc's rand() after
 * srand(0) (which glibc takes as 1), 250 epochs of eta 1e-4 with momentum 0.7 and early stopping.
 */
public record TrainingConfig(ModelKind kind, int hidden, int classes, long seed, TrainingOptions options,
    StartWeights init) {

  public static final int LETTER_CLASSES = 26;

  public TrainingConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(init, "init");
    if (kind == ModelKind.MLP && hidden < 1) {
      throw new IllegalArgumentException("hidden units " + hidden + " must be at least 1 for an MLP");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes " + classes + " must be at least 2");
    }
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("seed " + seed + " out of range 0..4294967295");
    }
  }

  /** With the reference C++ model's start weights (glibc). */
  public TrainingConfig(ModelKind kind, int hidden, int classes, long seed, TrainingOptions options) {
    this(kind, hidden, classes, seed, options, StartWeights.GLIBC);
  }

  public static TrainingConfig defaults() {
    return new TrainingConfig(ModelKind.MLP, 20, LETTER_CLASSES, 1, TrainingOptions.defaults());
  }

  /** The start weights for data with {@code features} inputs. */
  public Weights startWeights(int features) {
    return init.draw(shapeFor(features), seed);
  }

  /** The model for data with {@code features} inputs. */
  public ModelShape shapeFor(int features) {
    return kind == ModelKind.MLP ? ModelShape.mlp(features, hidden, classes) : ModelShape.logistic(features, classes);
  }
}
