package org.dhtfl.client;

import java.util.Locale;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ServerStrategy;

/** The aggregation strategies {@code --strategy} offers, by the names the command line uses. */
enum Strategy {
  /** The reference's: the start weights plus the row-weighted mean of the weight changes. */
  FEDAVG;

  /** The strategy. */
  AggregationStrategy create() {
    return switch (this) {
      case FEDAVG -> ServerStrategy.fedAvg();
    };
  }

  /** The strategy of a name as {@link #toString()} writes it. */
  static Strategy parse(String name) {
    for (Strategy s : values()) {
      if (s.toString().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("strategy '" + name + "' is not known; the strategies are "
        + java.util.Arrays.toString(values()));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
