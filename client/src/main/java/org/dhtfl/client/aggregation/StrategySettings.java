package org.dhtfl.client.aggregation;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ServerStrategy;

/**
 * The aggregation of a run as the command line and run.json give it: the strategy, the server
 * optimizer (the strategy's own, or for a robust strategy {@code --server-optimizer}, plain by
 * default) and the value of every setting that applies to them. Settings that do not apply are
 * refused, not ignored.
 *
 * @param values every setting that applies, given or default, and no other: the server optimizer's, then the
 *               strategy's, in the order they declare them
 */
public record StrategySettings(Strategy strategy, ServerOptimizerKind optimizer, Map<StrategyParam, Double> values) {

  public StrategySettings {
    Objects.requireNonNull(strategy, "strategy");
    Objects.requireNonNull(optimizer, "optimizer");
    Map<StrategyParam, Double> copy = new LinkedHashMap<>(values);
    values = Collections.unmodifiableMap(copy);
  }

  /** FedAvg, the reference's and the default. */
  public static StrategySettings fedAvg() {
    return of(Strategy.FEDAVG, Optional.empty(), Map.of());
  }

  /**
   * The strategy with the settings given; the others that apply take their defaults.
   *
   * @param serverOptimizer {@code --server-optimizer}, for a robust strategy only
   * @throws IllegalArgumentException naming the option that does not apply to the strategy, or whose
   *                                  value is out of range
   */
  public static StrategySettings of(Strategy strategy, Optional<ServerOptimizerKind> serverOptimizer,
      Map<StrategyParam, ? extends Number> given) {
    Objects.requireNonNull(strategy, "strategy");
    if (serverOptimizer.isPresent() && !strategy.robust()) {
      throw new IllegalArgumentException("--server-optimizer puts a robust strategy ("
          + Arrays.stream(Strategy.values()).filter(Strategy::robust).map(Strategy::toString)
          .collect(Collectors.joining(", ")) + ") under a server optimizer; --strategy " + strategy + " has its own");
    }
    ServerOptimizerKind optimizer = strategy.optimizer().orElse(serverOptimizer.orElse(ServerOptimizerKind.PLAIN));
    for (StrategyParam param : StrategyParam.all()) {
      if (given.get(param) != null && !applies(param, strategy, optimizer)) {
        throw new IllegalArgumentException(param.option() + " applies to " + param.where() + "; not to "
            + choice(strategy, optimizer));
      }
    }
    Map<StrategyParam, Double> values = new LinkedHashMap<>();
    for (Map<StrategyParam, Double> defaults : List.of(optimizer.defaults(), strategy.defaults())) {
      defaults.forEach((param, standard) -> {
        Number value = given.get(param);
        values.put(param, param.check(value != null ? value.doubleValue() : standard));
      });
    }
    return new StrategySettings(strategy, optimizer, values);
  }

  private static boolean applies(StrategyParam param, Strategy strategy, ServerOptimizerKind optimizer) {
    return strategy.defaults().containsKey(param) || optimizer.defaults().containsKey(param);
  }

  private static String choice(Strategy strategy, ServerOptimizerKind optimizer) {
    return "--strategy " + strategy + (strategy.robust() ? " with the " + optimizer + " server optimizer" : "");
  }

  public double value(StrategyParam param) {
    Double value = values.get(param);
    if (value == null) {
      throw new IllegalStateException(param.option() + " does not apply to " + choice(strategy, optimizer));
    }
    return value;
  }

  /** The strategy these settings describe, with no state yet. */
  public AggregationStrategy create() {
    return new ServerStrategy(strategy.aggregator(this), optimizer.create(this));
  }

  /**
   * The nodes' training when the client is given no --eta or --momentum: the reference's, but for
   * fedavgm half the step (eta 5e-5 with momentum 0.85 for 1e-4 with 0.7): the same long-run step
   * eta / (1 - momentum), and half the step of an epoch whose gradient jumps. Nodes that hold one
   * or two classes (a sorted split) see such jumps, and the reference's step switches the hidden
   * units off for good; on IID shards the two end alike (reports/federated-strategies.md).
   */
  public TrainingOptions localDefaults() {
    TrainingOptions reference = TrainingOptions.defaults();
    return strategy == Strategy.FEDAVGM ? reference.withEta(5e-5).withMomentum(0.85) : reference;
  }

  /** The nodes' training options under this strategy: with FedProx's proximal term for fedprox, else as given. */
  public TrainingOptions localTraining(TrainingOptions options) {
    return options.withMu(strategy == Strategy.FEDPROX ? value(Strategy.Param.MU) : 0);
  }

  /** For people: {@code fedavgm (server lr 1.0, server momentum 0.5)}, {@code median under momentum (...)}. */
  public String describe() {
    String name = strategy + (strategy.robust() && optimizer != ServerOptimizerKind.PLAIN ? " under " + optimizer : "");
    if (values.isEmpty()) {
      return name;
    }
    return name + values.entrySet().stream()
        .map(e -> e.getKey().json().replace('_', ' ') + " " + format(e.getKey(), e.getValue()))
        .collect(Collectors.joining(", ", " (", ")"));
  }

  private static String format(StrategyParam param, double value) {
    return param.integral() ? String.valueOf((long) value) : String.format(Locale.ROOT, "%s", value);
  }
}
