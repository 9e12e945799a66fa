package org.dhtfl.ml;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a node trains for a file submitted with put_data: the model, how its start weights are
 * drawn (random source and seed), the training options and the scaling of the inputs. The defaults
 * are the reference's C++ model: an MLP with 20 hidden units over 26 classes, start weights from
 * glibc's rand() after srand(0) (which glibc takes as 1), 250 epochs of eta 1e-4 with momentum 0.7 and
 * early stopping, raw inputs.
 *
 * @param layers          the hidden layers' widths, first to last (empty for LOGISTIC)
 * @param standardization the scaling of the inputs the model is trained and applied with; empty: raw inputs
 */
public record TrainingConfig(ModelKind kind, List<Integer> layers, int classes, long seed, TrainingOptions options,
    StartWeights init, Optional<Standardization> standardization) {

  public static final int LETTER_CLASSES = 26;

  public TrainingConfig {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(layers, "layers");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(standardization, "standardization");
    layers = List.copyOf(layers);
    if (kind == ModelKind.MLP && (layers.isEmpty() || layers.stream().anyMatch(h -> h < 1))) {
      throw new IllegalArgumentException("hidden units " + ModelShape.layersLabel(layers) + " must be at least 1 for an MLP");
    }
    if (kind == ModelKind.LOGISTIC && !layers.isEmpty()) {
      throw new IllegalArgumentException("a logistic model has no hidden layers, not " + layers);
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes " + classes + " must be at least 2");
    }
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("seed " + seed + " out of range 0..4294967295");
    }
  }

  /** One hidden layer of {@code hidden} units (none for LOGISTIC), raw inputs. */
  public TrainingConfig(ModelKind kind, int hidden, int classes, long seed, TrainingOptions options,
      StartWeights init) {
    this(kind, kind == ModelKind.MLP ? List.of(hidden) : List.of(), classes, seed, options, init, Optional.empty());
  }

  /** With the reference C++ model's start weights (glibc). */
  public TrainingConfig(ModelKind kind, int hidden, int classes, long seed, TrainingOptions options) {
    this(kind, hidden, classes, seed, options, StartWeights.GLIBC);
  }

  public static TrainingConfig defaults() {
    return new TrainingConfig(ModelKind.MLP, 20, LETTER_CLASSES, 1, TrainingOptions.defaults());
  }

  /** The width of the last hidden layer (0 for LOGISTIC). */
  public int hidden() {
    return layers.isEmpty() ? 0 : layers.get(layers.size() - 1);
  }

  /** This config with another scaling of the inputs. */
  public TrainingConfig withStandardization(Optional<Standardization> value) {
    return new TrainingConfig(kind, layers, classes, seed, options, init, value);
  }

  /** The start weights for data with {@code features} inputs. */
  public Weights startWeights(int features) {
    return init.draw(shapeFor(features), seed);
  }

  /** The model for data with {@code features} inputs. */
  public ModelShape shapeFor(int features) {
    return new ModelShape(kind, features, layers, classes);
  }

  /**
   * Trains from {@code start} on the rows as this config says: standardised if it says so, minibatches
   * shuffled from its seed (the start weights' seed, so every node of a run draws from the same one).
   */
  public TrainingResult train(Weights start, Dataset rows) {
    return Trainer.train(start, prepare(rows), options.withShuffleSeed(seed));
  }

  /** The rows as the model sees them: standardised when the config says so. */
  public Dataset prepare(Dataset data) {
    return standardization.map(s -> s.apply(data)).orElse(data);
  }
}
