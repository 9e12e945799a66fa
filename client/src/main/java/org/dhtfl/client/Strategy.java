package org.dhtfl.client;

import java.util.Locale;
import org.dhtfl.ml.AggregationStrategy;
import org.dhtfl.ml.FedAvg;

/** The aggregation strategies {@code --strategy} offers, by the names the command line uses. */
enum Strategy {
  /** The reference's: the start weights plus the row-weighted mean of the weight changes. */
  FEDAVG;

  /** A new instance of the strategy, with its own state. */
  AggregationStrategy create() {
    return switch (this) {
      case FEDAVG -> new FedAvg();
    };
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
