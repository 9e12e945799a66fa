package org.dhtfl.client.aggregation;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The aggregation strategies {@code --strategy} offers, by the names the command line uses: the
 * row-weighted mean under a fixed server optimizer (FedAvg and the adaptive methods of Reddi et al.
 * 2021), or a robust aggregator, which runs alone or under {@code --server-optimizer}.
 */
public enum Strategy {
  /** The reference's: the start weights plus the row-weighted mean of the weight changes. */
  FEDAVG(Optional.of(ServerOptimizerKind.PLAIN)),
  /** The row-weighted mean under server momentum. */
  FEDAVGM(Optional.of(ServerOptimizerKind.MOMENTUM)),
  /** The row-weighted mean under Adam. */
  FEDADAM(Optional.of(ServerOptimizerKind.ADAM)),
  /** The row-weighted mean under Yogi. */
  FEDYOGI(Optional.of(ServerOptimizerKind.YOGI)),
  /** FedAvg whose nodes train with a proximal term ({@code --mu}, Li et al. 2020). */
  FEDPROX(Optional.of(ServerOptimizerKind.PLAIN)),
  /** The coordinate-wise median of the changes. */
  MEDIAN(Optional.empty()),
  /** The coordinate-wise trimmed mean of the changes ({@code --trim}). */
  TRIMMED_MEAN(Optional.empty()),
  /** The one change closest to its neighbours ({@code --byzantine}). */
  KRUM(Optional.empty()),
  /** The mean of the n - f changes Krum scores best ({@code --byzantine}). */
  MULTI_KRUM(Optional.empty());

  private final Optional<ServerOptimizerKind> optimizer;

  Strategy(Optional<ServerOptimizerKind> optimizer) {
    this.optimizer = optimizer;
  }

  /** The server optimizer the strategy names; empty for the robust aggregators, which take --server-optimizer. */
  public Optional<ServerOptimizerKind> optimizer() {
    return optimizer;
  }

  /** Whether this is a robust aggregator, usable under any server optimizer. */
  public boolean robust() {
    return optimizer.isEmpty();
  }

  /** The strategy of a name as {@link #toString()} writes it. */
  public static Strategy parse(String name) {
    for (Strategy s : values()) {
      if (s.toString().equalsIgnoreCase(name.trim())) {
        return s;
      }
    }
    throw new IllegalArgumentException("strategy '" + name + "' is not known; the strategies are "
        + Arrays.toString(values()));
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
