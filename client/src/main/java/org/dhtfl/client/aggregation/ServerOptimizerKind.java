package org.dhtfl.client.aggregation;

import static java.util.Map.entry;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import org.dhtfl.client.aggregation.StrategyParam.Range;
import org.dhtfl.ml.federated.ServerOptimizer;

/**
 * The server optimizers, by the names {@code --server-optimizer} takes, each with its settings and
 * their defaults, and how it is made from them.
 */
public enum ServerOptimizerKind {
  /** The global model moves by the combined update: FedAvg's step. */
  PLAIN(List.of(), s -> ServerOptimizer.plain()),
  /**
   * Server momentum (FedAvgM). Momentum 0.5 and the server step of FedAvg (1): of the settings tried on
   * the IID shards, the one of fewest mistakes on the training rows after ten rounds
   * (reports/federated-strategies.md).
   */
  MOMENTUM(List.of(entry(Param.SERVER_LR, 1.0), entry(Param.SERVER_MOMENTUM, 0.5)),
      s -> ServerOptimizer.momentum(s.value(Param.SERVER_LR), s.value(Param.SERVER_MOMENTUM))),
  /**
   * Adam (FedAdam): beta1 0.9 and beta2 0.99 as Reddi et al. 2021; server lr 0.3 and tau 0.1 chosen as
   * the momentum's were (the paper's 1e-2 and 1e-3 leave the model near its start after ten rounds).
   */
  ADAM(Param.ADAPTIVE, s -> ServerOptimizer.adam(s.value(Param.SERVER_LR), s.value(Param.BETA1),
      s.value(Param.BETA2), s.value(Param.TAU))),
  /** Yogi (FedYogi), with Adam's settings. */
  YOGI(Param.ADAPTIVE, s -> ServerOptimizer.yogi(s.value(Param.SERVER_LR), s.value(Param.BETA1),
      s.value(Param.BETA2), s.value(Param.TAU)));

  /** The server optimizers' settings. */
  public static final class Param {
    public static final StrategyParam SERVER_LR = new StrategyParam("--server-lr", "server_lr", "X", Range.positive(),
        "Server learning rate of momentum, Adam and Yogi (default: 1 with momentum, 0.3 with Adam and Yogi).");
    public static final StrategyParam SERVER_MOMENTUM = new StrategyParam("--server-momentum", "server_momentum", "X",
        Range.fromZeroBelow(1), "Server momentum of fedavgm, in [0, 1) (default: 0.5).");
    public static final StrategyParam TAU = new StrategyParam("--tau", "tau", "X", Range.positive(),
        "Adaptivity of fedadam and fedyogi (default: 0.1).");
    public static final StrategyParam BETA1 = new StrategyParam("--beta1", "beta1", "X", Range.fromZeroBelow(1),
        "First-moment decay of fedadam and fedyogi (default: 0.9).");
    public static final StrategyParam BETA2 = new StrategyParam("--beta2", "beta2", "X", Range.fromZeroBelow(1),
        "Second-moment decay of fedadam and fedyogi (default: 0.99).");

    private static final List<Map.Entry<StrategyParam, Double>> ADAPTIVE = List.of(entry(SERVER_LR, 0.3),
        entry(TAU, 0.1), entry(BETA1, 0.9), entry(BETA2, 0.99));

    private Param() {
    }
  }

  private final Map<StrategyParam, Double> defaults;
  private final Function<StrategySettings, ServerOptimizer> factory;

  ServerOptimizerKind(List<Map.Entry<StrategyParam, Double>> defaults,
      Function<StrategySettings, ServerOptimizer> factory) {
    Map<StrategyParam, Double> ordered = new LinkedHashMap<>();
    defaults.forEach(d -> ordered.put(d.getKey(), d.getValue()));
    this.defaults = Collections.unmodifiableMap(ordered);
    this.factory = factory;
  }

  /** Its settings with their defaults, in the order run.json records them. */
  public Map<StrategyParam, Double> defaults() {
    return defaults;
  }

  /** The optimizer with the settings' values, no state yet. */
  ServerOptimizer create(StrategySettings settings) {
    return factory.apply(settings);
  }

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
