package org.dhtfl.jobs;

import java.util.Objects;

/**
 * What a job trains, as the wire carries it (the IDL's TrainSpec): the model kind and size, the
 * training options (FedProx's proximal term mu among them) and how the start weights are drawn.
 * Values are checked against the limits a node accepts; what the names mean ("mlp", "glibc", ...)
 * is the trainer's to check.
 */
public record JobSpec(String model, int hidden, int classes, int epochs, double eta, double momentum,
    boolean earlyStop, boolean etaPerRow, long seed, String init, double mu) {

  public static final int MAX_HIDDEN = 4096;
  public static final int MAX_CLASSES = 4096;
  public static final int MAX_EPOCHS = 100_000;

  public JobSpec {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(init, "init");
    atMost("hidden", hidden, MAX_HIDDEN);
    atMost("classes", classes, MAX_CLASSES);
    atMost("epochs", epochs, MAX_EPOCHS);
    if (!(mu >= 0) || !Double.isFinite(mu)) {
      throw new IllegalArgumentException("mu " + mu + " must be at least 0 and finite");
    }
  }

  /** Without a proximal term, as the reference trains. */
  public JobSpec(String model, int hidden, int classes, int epochs, double eta, double momentum, boolean earlyStop,
      boolean etaPerRow, long seed, String init) {
    this(model, hidden, classes, epochs, eta, momentum, earlyStop, etaPerRow, seed, init, 0);
  }

  private static void atMost(String field, int value, int limit) {
    if (value > limit) {
      throw new IllegalArgumentException(field + " " + value + " above the limit of " + limit);
    }
  }
}
