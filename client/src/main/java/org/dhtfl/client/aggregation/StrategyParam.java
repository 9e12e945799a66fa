package org.dhtfl.client.aggregation;

import java.util.EnumSet;
import java.util.Set;

/**
 * A setting of an aggregation strategy: its option, its name in run.json, its default, its range and
 * the strategies and server optimizers it applies to.
 */
public enum StrategyParam {
  SERVER_LR("--server-lr", "server_lr", "fedavgm, fedadam and fedyogi, and to a robust strategy under "
      + "--server-optimizer momentum, adam or yogi", EnumSet.of(ServerOptimizerKind.MOMENTUM,
      ServerOptimizerKind.ADAM, ServerOptimizerKind.YOGI), Set.of()),
  SERVER_MOMENTUM("--server-momentum", "server_momentum", "fedavgm, and to a robust strategy under "
      + "--server-optimizer momentum", EnumSet.of(ServerOptimizerKind.MOMENTUM), Set.of()),
  TAU("--tau", "tau", "fedadam and fedyogi, and to a robust strategy under --server-optimizer adam or yogi",
      EnumSet.of(ServerOptimizerKind.ADAM, ServerOptimizerKind.YOGI), Set.of()),
  BETA1("--beta1", "beta1", TAU.where, TAU.optimizers, Set.of()),
  BETA2("--beta2", "beta2", TAU.where, TAU.optimizers, Set.of()),
  TRIM("--trim", "trim", "trimmed-mean", Set.of(), EnumSet.of(Strategy.TRIMMED_MEAN)),
  BYZANTINE("--byzantine", "byzantine", "krum and multi-krum", Set.of(),
      EnumSet.of(Strategy.KRUM, Strategy.MULTI_KRUM)),
  MU("--mu", "mu", "fedprox", Set.of(), EnumSet.of(Strategy.FEDPROX));

  /**
   * Server momentum 0.5 and the server step of FedAvg (1): of the settings tried on the IID shards, the one of
   * fewest mistakes on the training rows after ten rounds (reports/federated-strategies.md), as issue 12's
   * prototype also found.
   */
  static final double MOMENTUM_LR = 1.0;
  static final double MOMENTUM = 0.5;
  /**
   * Adam and Yogi: beta1 0.9 and beta2 0.99 as Reddi et al. 2021; server lr 0.3 and tau 0.1 chosen as the
   * momentum's were (the paper's 1e-2 and 1e-3 leave the model near its start after ten rounds).
   */
  static final double ADAPTIVE_LR = 0.3;
  static final double TAU_DEFAULT = 0.1;

  private final String option;
  private final String json;
  private final String where;
  private final Set<ServerOptimizerKind> optimizers;
  private final Set<Strategy> strategies;

  StrategyParam(String option, String json, String where, Set<ServerOptimizerKind> optimizers,
      Set<Strategy> strategies) {
    this.option = option;
    this.json = json;
    this.where = where;
    this.optimizers = optimizers;
    this.strategies = strategies;
  }

  /** The command-line option, e.g. {@code --server-lr}. */
  public String option() {
    return option;
  }

  /** The field of run.json's options. */
  public String json() {
    return json;
  }

  /** The strategies it applies to, in words. */
  String where() {
    return where;
  }

  boolean appliesTo(Strategy strategy, ServerOptimizerKind optimizer) {
    return strategies.contains(strategy) || optimizers.contains(optimizer);
  }

  /** Whether the value is a count. */
  public boolean integral() {
    return this == BYZANTINE;
  }

  double defaultValue(ServerOptimizerKind optimizer) {
    return switch (this) {
      case SERVER_LR -> optimizer == ServerOptimizerKind.MOMENTUM ? MOMENTUM_LR : ADAPTIVE_LR;
      case SERVER_MOMENTUM -> MOMENTUM;
      case TAU -> TAU_DEFAULT;
      case BETA1 -> 0.9;
      case BETA2 -> 0.99;
      case TRIM -> 0.1;
      case BYZANTINE -> 1;
      case MU -> 0.01;
    };
  }

  /** The value, if in range; else fails naming the option and the range. */
  double check(double value) {
    boolean ok = switch (this) {
      case SERVER_LR, TAU -> value > 0 && Double.isFinite(value);
      case SERVER_MOMENTUM, BETA1, BETA2 -> value >= 0 && value < 1;
      case TRIM -> value >= 0 && value < 0.5;
      case MU -> value >= 0 && Double.isFinite(value);
      case BYZANTINE -> value >= 0 && value == Math.rint(value) && value <= 1_000_000;
    };
    if (!ok) {
      String range = switch (this) {
        case SERVER_LR, TAU -> "positive";
        case SERVER_MOMENTUM, BETA1, BETA2 -> "in [0, 1)";
        case TRIM -> "in [0, 0.5)";
        case MU -> "at least 0";
        case BYZANTINE -> "a whole number, at least 0";
      };
      throw new IllegalArgumentException(option + " " + (integral() ? String.valueOf((long) value) : value)
          + " must be " + range);
    }
    return value;
  }
}
