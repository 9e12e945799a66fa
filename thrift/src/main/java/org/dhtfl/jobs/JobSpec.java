package org.dhtfl.jobs;

import java.util.List;
import java.util.Objects;

/**
 * What a job trains, as the wire carries it (the IDL's TrainSpec): the model kind and size, the
 * training options (FedProx's proximal term mu among them), how the start weights are drawn, and
 * the options of models beyond the reference's: the hidden layers' widths (empty: one layer of
 * {@code hidden}), the minibatch (0: the whole file), the optimizer ("sgd" or "adam") and the scaling
 * of the inputs. Values are checked against the limits a node accepts; what the names mean ("mlp",
 * "glibc", "adam", ...) is the trainer's to check.
 */
public record JobSpec(String model, int hidden, int classes, int epochs, double eta, double momentum,
    boolean earlyStop, boolean etaPerRow, long seed, String init, double mu, List<Integer> layers, int batch,
    String optimizer, Scaling scaling) {

  public static final int MAX_HIDDEN = 4096;
  public static final int MAX_CLASSES = 4096;
  public static final int MAX_EPOCHS = 100_000;
  public static final int MAX_LAYERS = 8;
  public static final int MAX_BATCH = 1_000_000;
  /** The optimizer a spec without one names: the reference's momentum step. */
  public static final String DEFAULT_OPTIMIZER = "sgd";

  public JobSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(scaling, "scaling");
    layers = List.copyOf(Objects.requireNonNull(layers, "layers"));
    atMost("hidden", hidden, MAX_HIDDEN);
    atMost("classes", classes, MAX_CLASSES);
    atMost("epochs", epochs, MAX_EPOCHS);
    atMost("layers", layers.size(), MAX_LAYERS);
    for (int width : layers) {
      atMost("a layer's width", width, MAX_HIDDEN);
    }
    if (!layers.isEmpty() && layers.get(layers.size() - 1) != hidden) {
      throw new IllegalArgumentException("layers " + layers + " end in " + layers.get(layers.size() - 1)
          + " units, hidden says " + hidden);
    }
    if (batch < 0) {
      throw new IllegalArgumentException("batch " + batch + " must be at least 0 (0: the whole file)");
    }
    atMost("batch", batch, MAX_BATCH);
    if (!(mu >= 0) || !Double.isFinite(mu)) {
      throw new IllegalArgumentException("mu " + mu + " must be at least 0 and finite");
    }
  }

  /** The reference's kind of model and step: one hidden layer, whole files, raw inputs. */
  public JobSpec(String model, int hidden, int classes, int epochs, double eta, double momentum, boolean earlyStop,
      boolean etaPerRow, long seed, String init, double mu) {
    this(model, hidden, classes, epochs, eta, momentum, earlyStop, etaPerRow, seed, init, mu, List.of(), 0,
        DEFAULT_OPTIMIZER, Scaling.NONE);
  }

  /** Without a proximal term, as the reference trains. */
  public JobSpec(String model, int hidden, int classes, int epochs, double eta, double momentum, boolean earlyStop,
      boolean etaPerRow, long seed, String init) {
    this(model, hidden, classes, epochs, eta, momentum, earlyStop, etaPerRow, seed, init, 0);
  }

  /** The hidden widths, first to last: {@link #layers} or, when it is empty, the one layer of {@link #hidden}. */
  public List<Integer> hiddenLayers() {
    return layers.isEmpty() ? List.of(hidden) : layers;
  }

  private static void atMost(String field, int value, int limit) {
    if (value > limit) {
      throw new IllegalArgumentException(field + " " + value + " above the limit of " + limit);
    }
  }
}
