package org.dhtfl.client;

import org.dhtfl.ml.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The command-line options of the nodes' training in a --rounds run, as the client and the federated
 * simulator of the benchmarks read them. Given none, they are the strategy's defaults: the
 * reference's settings ({@link TrainingOptions#defaults()}), except that fedavgm halves the step
 * (see {@link org.dhtfl.client.aggregation.StrategySettings#localDefaults()}).
 */
public final class LocalTrainingOptions {

  @Option(names = "--epochs", paramLabel = "E",
      description = "With --rounds: epochs per file and round (default: ${DEFAULT-VALUE}).")
  int epochs = TrainingOptions.defaults().epochs();

  @Option(names = "--eta", paramLabel = "X", description = "With --rounds: learning rate (default: 1e-4; 5e-5 with "
      + "--strategy fedavgm).")
  Double eta;

  @Option(names = "--eta-per-row",
      description = "With --rounds: eta applies per row (the mean loss), not to the summed loss.")
  boolean etaPerRow;

  @Option(names = "--momentum", paramLabel = "X", description = "With --rounds: momentum (default: 0.7; 0.85 with "
      + "--strategy fedavgm).")
  Double momentum;

  @Option(names = "--no-early-stop", description = "With --rounds: run every epoch.")
  boolean noEarlyStop;

  /**
   * The training the options describe, before a strategy adds its own term (FedProx's mu).
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public TrainingOptions options() {
    return options(TrainingOptions.defaults());
  }

  /**
   * The training the options describe, the options not given taken from {@code defaults} (the
   * strategy's), before a strategy adds its own term.
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public TrainingOptions options(TrainingOptions defaults) {
    return defaults.withEpochs(epochs).withEta(eta == null ? defaults.eta() : eta)
        .withMomentum(momentum == null ? defaults.momentum() : momentum).withEarlyStop(!noEarlyStop)
        .withEtaPerRow(etaPerRow);
  }
}
