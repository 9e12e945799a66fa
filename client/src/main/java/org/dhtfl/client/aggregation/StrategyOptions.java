package org.dhtfl.client.aggregation;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * The command-line options that choose the aggregation ({@code --strategy} and its settings), as
 * the client and the federated simulator of the benchmarks read them.
 */
public final class StrategyOptions {

  @Option(names = "--strategy", paramLabel = "NAME", description = "Aggregation strategy of the results, with or "
      + "without --rounds: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). fedavgm, fedadam and fedyogi "
      + "move the model by the row-weighted mean of the changes with server momentum, Adam or Yogi; median, "
      + "trimmed-mean, krum and multi-krum combine the changes robustly, alone or under --server-optimizer.")
  Strategy strategy = Strategy.FEDAVG;

  @Option(names = "--server-optimizer", paramLabel = "KIND", description = "With a robust --strategy: the server "
      + "optimizer the combined change goes through, ${COMPLETION-CANDIDATES} (default: plain).")
  ServerOptimizerKind serverOptimizer;

  @Option(names = "--server-lr", paramLabel = "X", description = "Server learning rate of momentum, Adam and Yogi "
      + "(default: 1 with momentum, 0.3 with Adam and Yogi).")
  Double serverLr;

  @Option(names = "--server-momentum", paramLabel = "X", description = "Server momentum of fedavgm, in [0, 1) "
      + "(default: 0.5).")
  Double serverMomentum;

  @Option(names = "--tau", paramLabel = "X", description = "Adaptivity of fedadam and fedyogi (default: 0.1).")
  Double tau;

  @Option(names = "--beta1", paramLabel = "X",
      description = "First-moment decay of fedadam and fedyogi (default: 0.9).")
  Double beta1;

  @Option(names = "--beta2", paramLabel = "X",
      description = "Second-moment decay of fedadam and fedyogi (default: 0.99).")
  Double beta2;

  @Option(names = "--trim", paramLabel = "F", description = "trimmed-mean: fraction of the values dropped at each "
      + "end of every coordinate, in [0, 0.5) (default: 0.1).")
  Double trim;

  @Option(names = "--byzantine", paramLabel = "F", description = "krum and multi-krum: how many results may be "
      + "wrong; a round needs 2F + 3 results (default: 1).")
  Integer byzantine;

  @Option(names = "--mu", paramLabel = "X", description = "fedprox: weight of the proximal term mu/2 ||w - w_round||^2 "
      + "in the nodes' training, at least 0 (default: 0.01).")
  Double mu;

  /** --strategy with the settings given for it; fails naming a setting that does not apply. */
  public StrategySettings settings() {
    Map<StrategyParam, Number> given = new EnumMap<>(StrategyParam.class);
    given.put(StrategyParam.SERVER_LR, serverLr);
    given.put(StrategyParam.SERVER_MOMENTUM, serverMomentum);
    given.put(StrategyParam.TAU, tau);
    given.put(StrategyParam.BETA1, beta1);
    given.put(StrategyParam.BETA2, beta2);
    given.put(StrategyParam.TRIM, trim);
    given.put(StrategyParam.BYZANTINE, byzantine);
    given.put(StrategyParam.MU, mu);
    given.values().removeIf(Objects::isNull);
    return StrategySettings.of(strategy, Optional.ofNullable(serverOptimizer), given);
  }
}
