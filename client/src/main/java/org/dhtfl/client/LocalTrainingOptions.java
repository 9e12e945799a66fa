package org.dhtfl.client;

import org.dhtfl.ml.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The command-line options of the nodes' training in a --rounds run, as the client and the federated
 * simulator of the benchmarks read them. Given none, they are the reference's settings
 * ({@link TrainingOptions#defaults()}).
 */
public final class LocalTrainingOptions {

  @Option(names = "--epochs", paramLabel = "E",
      description = "With --rounds: epochs per file and round (default: ${DEFAULT-VALUE}).")
  int epochs = TrainingOptions.defaults().epochs();

  @Option(names = "--eta", paramLabel = "X", description = "With --rounds: learning rate (default: ${DEFAULT-VALUE}).")
  double eta = TrainingOptions.defaults().eta();

  @Option(names = "--eta-per-row",
      description = "With --rounds: eta applies per row (the mean loss), not to the summed loss.")
  boolean etaPerRow;

  @Option(names = "--momentum", paramLabel = "X", description = "With --rounds: momentum (default: ${DEFAULT-VALUE}).")
  double momentum = TrainingOptions.defaults().momentum();

  @Option(names = "--no-early-stop", description = "With --rounds: run every epoch.")
  boolean noEarlyStop;

  /**
   * The training the options describe, before a strategy adds its own term (FedProx's mu).
   *
   * @throws IllegalArgumentException naming the value out of range
   */
  public TrainingOptions options() {
    return TrainingOptions.defaults().withEpochs(epochs).withEta(eta).withMomentum(momentum)
        .withEarlyStop(!noEarlyStop).withEtaPerRow(etaPerRow);
  }
}
