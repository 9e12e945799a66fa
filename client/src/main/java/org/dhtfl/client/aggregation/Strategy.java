package org.dhtfl.client.aggregation;

import static java.util.Map.entry;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.dhtfl.client.aggregation.StrategyParam.Range;
import org.dhtfl.ml.federated.DeltaAggregator;

/**
 * The aggregation strategies {@code --strategy} offers, by the names the command line uses: the
 * row-weighted mean under a fixed server optimizer (FedAvg and the adaptive methods of Reddi et al.
 * 2021), or a robust aggregator, which runs alone or under {@code --server-optimizer}.
 */
public enum Strategy {
  /** The reference's: the start weights plus the row-weighted mean of the weight changes. */
  FEDAVG(Optional.of(ServerOptimizerKind.PLAIN), List.of(), s -> DeltaAggregator.weightedMean()),
  /** The row-weighted mean under server momentum. */
  FEDAVGM(Optional.of(ServerOptimizerKind.MOMENTUM), List.of(), s -> DeltaAggregator.weightedMean()),
  /** The row-weighted mean under Adam. */
  FEDADAM(Optional.of(ServerOptimizerKind.ADAM), List.of(), s -> DeltaAggregator.weightedMean()),
  /** The row-weighted mean under Yogi. */
  FEDYOGI(Optional.of(ServerOptimizerKind.YOGI), List.of(), s -> DeltaAggregator.weightedMean()),
  /** FedAvg whose nodes train with a proximal term ({@code --mu}, Li et al. 2020). */
  FEDPROX(Optional.of(ServerOptimizerKind.PLAIN), List.of(entry(Param.MU, 0.01)), s -> DeltaAggregator.weightedMean()),
  /** The coordinate-wise median of the changes. */
  MEDIAN(Optional.empty(), List.of(), s -> DeltaAggregator.median()),
  /** The coordinate-wise trimmed mean of the changes ({@code --trim}). */
  TRIMMED_MEAN(Optional.empty(), List.of(entry(Param.TRIM, 0.1)),
      s -> DeltaAggregator.trimmedMean(s.value(Param.TRIM))),
  /** The one change closest to its neighbours ({@code --byzantine}). */
  KRUM(Optional.empty(), List.of(entry(Param.BYZANTINE, 1.0)),
      s -> DeltaAggregator.krum((int) s.value(Param.BYZANTINE))),
  /** The mean of the n - f changes Krum scores best ({@code --byzantine}). */
  MULTI_KRUM(Optional.empty(), List.of(entry(Param.BYZANTINE, 1.0)),
      s -> DeltaAggregator.multiKrum((int) s.value(Param.BYZANTINE)));

  /** The strategies' own settings; the server optimizers declare theirs in {@link ServerOptimizerKind.Param}. */
  public static final class Param {
    public static final StrategyParam MU = new StrategyParam("--mu", "mu", "X", Range.atLeastZero(),
        "fedprox: weight of the proximal term mu/2 ||w - w_round||^2 in the nodes' training, at least 0 "
            + "(default: 0.01).");
    public static final StrategyParam TRIM = new StrategyParam("--trim", "trim", "F", Range.fromZeroBelow(0.5),
        "trimmed-mean: fraction of the values dropped at each end of every coordinate, in [0, 0.5) (default: 0.1).");
    public static final StrategyParam BYZANTINE = new StrategyParam("--byzantine", "byzantine", "F", Range.count(),
        "krum and multi-krum: how many results may be wrong; a round needs 2F + 3 results (default: 1).");

    private Param() {
    }
  }

  private final Optional<ServerOptimizerKind> optimizer;
  private final Map<StrategyParam, Double> defaults;
  private final Function<StrategySettings, DeltaAggregator> aggregator;

  /**
   * @param optimizer  the server optimizer it names; empty for a robust aggregator
   * @param defaults   its own settings with their defaults, in the order run.json records them
   * @param aggregator how its changes are combined, from the settings' values
   */
  Strategy(Optional<ServerOptimizerKind> optimizer, List<Map.Entry<StrategyParam, Double>> defaults,
      Function<StrategySettings, DeltaAggregator> aggregator) {
    this.optimizer = optimizer;
    Map<StrategyParam, Double> ordered = new LinkedHashMap<>();
    defaults.forEach(d -> ordered.put(d.getKey(), d.getValue()));
    this.defaults = Collections.unmodifiableMap(ordered);
    this.aggregator = aggregator;
  }

  /** Its own settings with their defaults; its server optimizer's come with {@link ServerOptimizerKind#defaults()}. */
  public Map<StrategyParam, Double> defaults() {
    return defaults;
  }

  /** The aggregator with the settings' values. */
  DeltaAggregator aggregator(StrategySettings settings) {
    return aggregator.apply(settings);
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
