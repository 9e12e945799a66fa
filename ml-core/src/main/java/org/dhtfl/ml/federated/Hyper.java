package org.dhtfl.ml.federated;

/** Checks of the optimizers' settings, failing with the setting's name. */
final class Hyper {
  private Hyper() {
  }

  static double positive(String name, double value) {
    if (!(value > 0) || !Double.isFinite(value)) {
      throw new IllegalArgumentException(name + " " + value + " must be positive and finite");
    }
    return value;
  }

  /** In [0, 1), as momentum and decay rates are. */
  static double fraction(String name, double value) {
    if (!(value >= 0 && value < 1)) {
      throw new IllegalArgumentException(name + " " + value + " must be in [0, 1)");
    }
    return value;
  }
}
