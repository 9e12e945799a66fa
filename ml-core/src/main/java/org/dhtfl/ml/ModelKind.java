package org.dhtfl.ml;

import java.util.Locale;
import java.util.Objects;

/** The two model families a node can train. */
public enum ModelKind {
  /** One hidden ReLU layer, softmax outputs. */
  MLP,
  /** Multinomial logistic regression: softmax of an affine map of the inputs. */
  LOGISTIC;

  /**
   * Parses "mlp" or "logistic", ignoring case.
   *
   * @throws IllegalArgumentException naming the value when it is neither
   */
  public static ModelKind parse(String text) {
    Objects.requireNonNull(text, "model kind");
    for (ModelKind kind : values()) {
      if (kind.name().equalsIgnoreCase(text)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("model kind '" + text + "' is not one of mlp, logistic");
  }

  /** The lower-case name that {@link #parse} accepts. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The {@link #label() label}, so that command lines list and accept the values as typed. */
  @Override
  public String toString() {
    return label();
  }
}
