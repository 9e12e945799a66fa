package org.dhtfl.client.options;

import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The command-line options of the nodes' training in a --rounds run, as the client and the federated
 * simulator of the benchmarks read them. Given none, they are the strategy's defaults: the
 * reference's settings ({@link TrainingOptions#defaults()}), except that fedavgm halves the step
 * (see {@link org.dhtfl.client.aggregation.StrategySettings#localDefaults()}).
 */
public final class LocalTrainingOptions {

  @Recorded(roundsOnly = true)
  @Option(names = "--epochs", paramLabel = "E",
      description = "With --rounds: epochs per file and round (default: ${DEFAULT-VALUE}).")
  int epochs = TrainingOptions.defaults().epochs();

  @Recorded(roundsOnly = true)
  @Option(names = "--eta", paramLabel = "X", description = "With --rounds: learning rate (default: 1e-4; 5e-5 with "
      + "--strategy fedavgm; with --optimizer adam 3e-3).")
  Double eta;

  @Recorded(roundsOnly = true)
  @Option(names = "--eta-per-row",
      description = "With --rounds: eta applies per row (the mean loss), not to the summed loss.")
  boolean etaPerRow;

  @Recorded(roundsOnly = true)
  @Option(names = "--momentum", paramLabel = "X", description = "With --rounds: momentum (default: 0.7; 0.85 with "
      + "--strategy fedavgm).")
  Double momentum;

  @Recorded(roundsOnly = true)
  @Option(names = "--no-early-stop", description = "With --rounds: run every epoch.")
  boolean noEarlyStop;

  @Recorded(roundsOnly = true)
  @Option(names = "--batch", paramLabel = "N", description = "With --rounds: rows per step, shuffled every epoch "
      + "from --seed (default: the whole file, as the reference).")
  int batch;

  @Recorded(roundsOnly = true)
  @Option(names = "--optimizer", paramLabel = "NAME", description = "With --rounds: ${COMPLETION-CANDIDATES}: sgd is "
      + "the reference's momentum step (default), adam is Adam on each batch's mean loss (step 3e-3 unless --eta, "
      + "decaying as 10/epoch after epoch 10).")
  Optimizer optimizer = Optimizer.SGD;

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
    if (optimizer == Optimizer.ADAM && momentum != null) {
      throw new IllegalArgumentException("--momentum is the sgd step's; --optimizer adam keeps its own moments");
    }
    if (optimizer == Optimizer.ADAM && etaPerRow) {
      throw new IllegalArgumentException("--eta-per-row is the sgd step's; --optimizer adam always steps on the "
          + "batch's mean loss");
    }
    if (batch < 0) {
      throw new IllegalArgumentException("--batch " + batch + " must be at least 1 (or 0: the whole file)");
    }
    double defaultEta = optimizer == Optimizer.SGD ? defaults.eta() : optimizer.defaultEta();
    return defaults.withEpochs(epochs).withEta(eta == null ? defaultEta : eta)
        .withMomentum(momentum == null ? defaults.momentum() : momentum).withEarlyStop(!noEarlyStop)
        .withEtaPerRow(etaPerRow).withBatch(batch).withOptimizer(optimizer);
  }
}
