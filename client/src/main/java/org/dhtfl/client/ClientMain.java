package org.dhtfl.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.ml.AggregationStrategy;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** scripts/client: trains the files in the data directory on the ring and validates the average. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {RingCommand.class, SplitCommand.class, ValidateCommand.class, PredictCommand.class},
    versionProvider = Version.class,
    description = "Trains the files of the data directory on the ring and validates the averaged model. "
        + "Without --rounds it does what the reference client does: submits every file with "
        + "put_data, polls get_model until each is trained, adds the row-weighted mean of the "
        + "weight changes to the start weights and prints the validation error. With --rounds R "
        + "it runs R rounds of federated averaging, each round starting from the last round's "
        + "global model, and saves the model, a JSON report and a plot into --out.")
public final class ClientMain implements Callable<Integer> {

  // Optional to picocli so that `client ring ...` parses; call() requires them.
  @Parameters(index = "0", arity = "0..1", paramLabel = "<supernode_ip>", description = "Host of the supernode.")
  String supernodeHost;

  @Parameters(index = "1", arity = "0..1", paramLabel = "<supernode_port>", description = "Port of the supernode.",
      converter = Cli.Port.class)
  Integer supernodePort;

  @Spec
  CommandSpec spec;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Training files to submit (default: ${DEFAULT-VALUE}).")
  Path dataDir = Path.of("letters");

  @Option(names = "--validate", paramLabel = "FILE", description = "Validation file (default: ${DEFAULT-VALUE}).")
  Path validate = Path.of("validate_letters.txt");

  @Option(names = "--files", paramLabel = "N", description = "Submit only the first N files by name (default: all).")
  int files;

  @Option(names = "--entry", paramLabel = "HOST:PORT",
      description = "Enter the ring through this node instead of the one the supernode picks at random.")
  String entry;

  @Option(names = "--timeout-s", paramLabel = "S", description = "Without --rounds: give up waiting for results after (default: ${DEFAULT-VALUE}).")
  long timeoutS = 600;

  @Option(names = "--rounds", paramLabel = "R", description = "Rounds of federated averaging.")
  Integer rounds;

  @Option(names = "--model", paramLabel = "KIND", description = "With --rounds: ${COMPLETION-CANDIDATES} "
      + "(default: ${DEFAULT-VALUE}).")
  ModelKind model = ModelKind.MLP;

  @Option(names = "--hidden", paramLabel = "H", description = "With --rounds: hidden units (default: ${DEFAULT-VALUE}).")
  int hidden = 20;

  @Option(names = "--epochs", paramLabel = "E", description = "With --rounds: epochs per file and round (default: ${DEFAULT-VALUE}).")
  int epochs = 250;

  @Option(names = "--eta", paramLabel = "X", description = "With --rounds: learning rate (default: ${DEFAULT-VALUE}).")
  double eta = 1e-4;

  @Option(names = "--eta-per-row", description = "With --rounds: eta applies per row (the mean loss), not to the summed loss.")
  boolean etaPerRow;

  @Option(names = "--momentum", paramLabel = "X", description = "With --rounds: momentum (default: ${DEFAULT-VALUE}).")
  double momentum = 0.7;

  @Option(names = "--no-early-stop", description = "With --rounds: run every epoch.")
  boolean noEarlyStop;

  @Option(names = "--seed", paramLabel = "S", description = "With --rounds: seed of the start weights (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--init", paramLabel = "SOURCE", description = "With --rounds: random source of the start weights, "
      + "${COMPLETION-CANDIDATES}: glibc as the reference's C++ model (default), numpy as its Python model.")
  StartWeights init = StartWeights.GLIBC;

  @Option(names = "--min-fraction", paramLabel = "F", description = "With --rounds: fraction of the files a round needs (default: ${DEFAULT-VALUE}).")
  double minFraction = 1.0;

  @Option(names = "--round-timeout-s", paramLabel = "S", description = "With --rounds: deadline of a round (default: ${DEFAULT-VALUE}).")
  long roundTimeoutS = 300;

  @Option(names = "--strategy", paramLabel = "NAME", description = "Aggregation strategy of the results, with or "
      + "without --rounds: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  Strategy strategy = Strategy.FEDAVG;

  @Option(names = "--out", paramLabel = "DIR", description = "With --rounds: where model.txt, report.json and validation-error.png go (default: ${DEFAULT-VALUE}).")
  Path out = Path.of(".");

  @Mixin
  TlsOptions tls = new TlsOptions();

  public static void main(String[] args) {
    System.exit(Cli.commandLine(new ClientMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    if (supernodeHost == null || supernodePort == null) {
      throw new ParameterException(spec.commandLine(), "Missing required parameters: <supernode_ip> <supernode_port>");
    }
    if (files < 0 || timeoutS <= 0 || roundTimeoutS <= 0) {
      throw new ParameterException(spec.commandLine(), "--files must be at least 0, --timeout-s and --round-timeout-s positive");
    }
    RpcSettings rpc;
    try {
      rpc = RpcSettings.DEFAULTS.withTls(tls.load());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    AggregationStrategy aggregation = strategy.create();
    if (rounds == null) {
      FederatedRun run = new FederatedRun(System.out, new FederatedRun.Settings(dataDir, validate, files,
          Duration.ofSeconds(timeoutS), aggregation, rpc), Optional.ofNullable(entry));
      try {
        return run.run(supernodeHost, supernodePort);
      } catch (IOException | RemoteException | RoundFailed | IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        return Cli.FAILED;
      }
    }
    FederatedTraining.Settings settings;
    try {
      settings = settings(aggregation, rpc);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    try {
      NodeRef start = Entry.find(supernodeHost, supernodePort, Optional.ofNullable(entry), rpc);
      Progress progress = new Progress(System.out, System.console() != null, settings.rounds());
      FederatedTraining.Outcome outcome = new FederatedTraining(System.out, settings, progress).run(start, runId());
      RunReport.write(outcome, settings, out, System.out);
      System.out.printf(Locale.ROOT, "Final validation error: %.2f%%%n", 100 * outcome.finalError());
      long jvmStart = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
      System.out.printf(Locale.ROOT, "Client run: %.2f s from start to end%n",
          (System.currentTimeMillis() - jvmStart) / 1000.0);
      return 0;
    } catch (IOException | RemoteException | RoundFailed | IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  private FederatedTraining.Settings settings(AggregationStrategy aggregation, RpcSettings rpc) {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds " + rounds + " must be at least 1");
    }
    if (!(minFraction > 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("--min-fraction " + minFraction + " must be in (0, 1]");
    }
    ModelKind kind = model;
    TrainingOptions options = TrainingOptions.defaults().withEpochs(epochs).withEta(eta).withMomentum(momentum)
        .withEarlyStop(!noEarlyStop).withEtaPerRow(etaPerRow);
    TrainingConfig training = new TrainingConfig(kind, kind == ModelKind.MLP ? hidden : 0,
        TrainingConfig.LETTER_CLASSES, seed, options, init);
    return new FederatedTraining.Settings(dataDir, validate, files, rounds, training, minFraction,
        Duration.ofSeconds(roundTimeoutS), aggregation, rpc);
  }

  private static String runId() {
    return "run-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-"
        + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));
  }
}
