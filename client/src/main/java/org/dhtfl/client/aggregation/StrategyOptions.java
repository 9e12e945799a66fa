package org.dhtfl.client.aggregation;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.client.options.Recorded;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command-line options that choose the aggregation ({@code --strategy} and its settings), as
 * the client and the federated simulator of the benchmarks read them. The settings' options are
 * those the strategies and server optimizers declare ({@link StrategyParam#all()}); each option's
 * {@link OptionSpec#userObject()} is its {@link StrategyParam}.
 */
public final class StrategyOptions {

  @Recorded
  @Option(names = "--strategy", paramLabel = "NAME", description = "Aggregation strategy of the results, with or "
      + "without --rounds: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}). fedavgm, fedadam and fedyogi "
      + "move the model by the row-weighted mean of the changes with server momentum, Adam or Yogi; median, "
      + "trimmed-mean, krum and multi-krum combine the changes robustly, alone or under --server-optimizer.")
  Strategy strategy = Strategy.FEDAVG;

  @Recorded
  @Option(names = "--server-optimizer", paramLabel = "KIND", description = "With a robust --strategy: the server "
      + "optimizer the combined change goes through, ${COMPLETION-CANDIDATES} (default: plain).")
  ServerOptimizerKind serverOptimizer;

  /** The settings given, on the command line or in --config. */
  private final Map<StrategyParam, Number> given = new LinkedHashMap<>();

  /**
   * Adds an option for every setting to the command this is mixed into, after --strategy and
   * --server-optimizer: picocli calls it as it mixes this in.
   */
  @Spec(Spec.Target.MIXEE)
  void declareSettings(CommandSpec command) {
    for (StrategyParam param : StrategyParam.all()) {
      command.addOption(OptionSpec.builder(param.option()).paramLabel(param.paramLabel())
          .type(param.integral() ? Integer.class : Double.class).description(param.description())
          .userObject(param).setter(new Setting(param)).build());
    }
  }

  /** --strategy with the settings given for it; fails naming a setting that does not apply. */
  public StrategySettings settings() {
    return StrategySettings.of(strategy, Optional.ofNullable(serverOptimizer), given);
  }

  /** Keeps the value picocli parsed for one setting; null (picocli's initial value) is no value. */
  private final class Setting implements ISetter {
    private final StrategyParam param;

    Setting(StrategyParam param) {
      this.param = param;
    }

    @Override
    public <T> T set(T value) {
      @SuppressWarnings("unchecked")
      T old = (T) (value == null ? given.remove(param) : given.put(param, (Number) value));
      return old;
    }
  }
}
