package org.dhtfl.client.aggregation;

import java.util.Arrays;
import java.util.Locale;

/** The server optimizers, by the names {@code --server-optimizer} takes. */
public enum ServerOptimizerKind {
  /** The global model moves by the combined update: FedAvg's step. */
  PLAIN,
  /** Server momentum (FedAvgM). */
  MOMENTUM,
  /** Adam (FedAdam). */
  ADAM,
  /** Yogi (FedYogi). */
  YOGI;

  public static ServerOptimizerKind parse(String name) {
    for (ServerOptimizerKind kind : values()) {
      if (kind.toString().equalsIgnoreCase(name.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException("server optimizer '" + name + "' is not known; the server optimizers are "
        + Arrays.toString(values()));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
