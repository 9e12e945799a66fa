package org.dhtfl.ml;

import java.util.Locale;
import java.util.Objects;

/** How a training turns gradients into steps; the state of either lives in one training and dies with it. */
public enum Optimizer {

  /**
   * The reference's step: Delta_t = eta * G + momentum * Delta_{t-1}, G the descent direction of the
   * summed loss (of the mean loss with etaPerRow), over the whole file or one minibatch.
   */
  SGD(1e-4),

  /**
   * Adam (Kingma and Ba 2015) on the mean loss of each minibatch, with beta1 0.9, beta2 0.999 and
   * epsilon 1e-8; its moments start at zero in every training. The step, 3e-3 by default (the one that
   * trains a federated round's short jobs best, reports/federated-strategies.md), holds for the first
   * {@link #ADAM_STEADY_EPOCHS} epochs and then decays as 1/epoch ({@link #adamDecay}): a round's job of
   * up to 10 epochs keeps the whole step, and a long centralised training ends with a fine one.
   */
  ADAM(3e-3);

  /** Adam's decay of the first moment. */
  public static final double BETA1 = 0.9;
  /** Adam's decay of the second moment. */
  public static final double BETA2 = 0.999;
  /** Added to the root of Adam's second moment. */
  public static final double EPSILON = 1e-8;

  /** Epochs that Adam takes at its whole step before it decays. */
  public static final int ADAM_STEADY_EPOCHS = 10;

  private final double defaultEta;

  /**
   * The share of Adam's step in epoch {@code epoch} (from 1): 1 up to {@link #ADAM_STEADY_EPOCHS}, then
   * ADAM_STEADY_EPOCHS / epoch (inverse-time decay), a tenth of the step at epoch 100.
   */
  public static double adamDecay(int epoch) {
    return epoch <= ADAM_STEADY_EPOCHS ? 1.0 : (double) ADAM_STEADY_EPOCHS / epoch;
  }

  Optimizer(double defaultEta) {
    this.defaultEta = defaultEta;
  }

  /** The step size used when none is given. */
  public double defaultEta() {
    return defaultEta;
  }

  /** "sgd" or "adam", case-insensitive; fails naming the value otherwise. */
  public static Optimizer parse(String name) {
    Objects.requireNonNull(name, "optimizer");
    for (Optimizer o : values()) {
      if (o.name().equalsIgnoreCase(name.trim())) {
        return o;
      }
    }
    throw new IllegalArgumentException("optimizer '" + name + "' is not known; sgd or adam are");
  }

  /** The lower-case name, as the command lines and the wire spell it. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return label();
  }
}
