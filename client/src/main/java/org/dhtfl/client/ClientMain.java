package org.dhtfl.client;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.DefaultData;
import org.dhtfl.cli.MetricsOptions;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategyOptions;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.command.PredictCommand;
import org.dhtfl.client.command.RingCommand;
import org.dhtfl.client.command.SplitCommand;
import org.dhtfl.client.command.TrainCommand;
import org.dhtfl.client.command.ValidateCommand;
import org.dhtfl.client.command.WatchCommand;
import org.dhtfl.client.console.ProgressBar;
import org.dhtfl.client.console.Terminal;
import org.dhtfl.client.options.LocalTrainingOptions;
import org.dhtfl.client.options.ModelOptions;
import org.dhtfl.client.options.Recorded;
import org.dhtfl.client.options.RecordedOptions;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.run.FederatedRun;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.client.runfolder.RunFolder;
import org.dhtfl.client.watch.RunWatch;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** scripts/client: trains the files in the data directory on the ring and validates the average. */
@Command(name = "client", mixinStandardHelpOptions = true, sortOptions = false,
    subcommands = {RingCommand.class, WatchCommand.class, SplitCommand.class, ValidateCommand.class,
        PredictCommand.class, TrainCommand.class},
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

  @Recorded
  @Option(names = "--data-dir", paramLabel = "DIR", description = "Training files to submit (default: letters "
      + "in the working folder, else the project's data/letters).")
  Path dataDir;

  @Recorded
  @Option(names = "--validate", paramLabel = "FILE", description = "Validation file (default: validate_letters.txt "
      + "in the working folder, else the project's data/validate_letters.txt).")
  Path validate;

  @Recorded
  @Option(names = "--files", paramLabel = "N", description = "Submit only the first N files by name (default: all).")
  int files;

  @Option(names = "--entry", paramLabel = "HOST:PORT",
      description = "Enter the ring through this node instead of the one the supernode picks at random.")
  String entry;

  @Recorded
  @Option(names = "--timeout-s", paramLabel = "S", description = "Without --rounds: give up waiting for results after (default: ${DEFAULT-VALUE}).")
  long timeoutS = 600;

  @Option(names = "--timings", description = "Without --rounds: end with a line of where the job's time went "
      + "(client start, ring walk, submissions, waiting for training, result reads, validation), in ms.")
  boolean timings;

  @Recorded
  @Option(names = "--rounds", paramLabel = "R", description = "Rounds of federated averaging.")
  Integer rounds;

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Mixin
  LocalTrainingOptions nodeTraining = new LocalTrainingOptions();

  @Recorded(roundsOnly = true)
  @Option(names = "--min-fraction", paramLabel = "F", description = "With --rounds: fraction of the round's files a round needs (default: ${DEFAULT-VALUE}).")
  double minFraction = 1.0;

  @Recorded(roundsOnly = true)
  @Option(names = "--round-timeout-s", paramLabel = "S", description = "With --rounds: deadline of a round (default: ${DEFAULT-VALUE}).")
  long roundTimeoutS = 300;

  @Mixin
  StrategyOptions aggregation = new StrategyOptions();

  @Recorded(roundsOnly = true)
  @Option(names = "--fraction", paramLabel = "F", description = "With --rounds: each round trains this random "
      + "share of the files, drawn from --seed and the round (default: ${DEFAULT-VALUE}).")
  double fraction = 1.0;

  @Recorded(roundsOnly = true)
  @Option(names = "--calibrate-head", description = "With --rounds: after every round, refit the output layer "
      + "from the nodes' class statistics of their rows (no row leaves a node) and deliver the model, of the start "
      + "model, the trained ones and their refit heads so far, that makes the fewest mistakes on the nodes' own "
      + "rows; training goes on from the trained model.")
  boolean calibrateHead;

  @Recorded(roundsOnly = true)
  @Option(names = "--out", paramLabel = "DIR", description = "With --rounds: the run's folder; after every round "
      + "it holds model.txt, report.json, validation-error.png and run.json (for --resume). Default: runs/RUN_ID.")
  Path out;

  @Option(names = "--resume", paramLabel = "DIR", description = "Continue the --rounds run recorded in DIR (killed, "
      + "or ended by a failed round) after its last finished round, with the options recorded there.")
  Path resume;

  @Option(names = "--http", paramLabel = "PORT", converter = Cli.Port.class, description = "Serve the live page of "
      + "the ring and of this run (its rounds, files and validation error) on http://127.0.0.1:PORT/; it stays "
      + "after the run, watching the ring, until Ctrl-C.")
  Integer http;

  @Option(names = "--http-bind", paramLabel = "ADDR", converter = Cli.Address.class, description = "Address the "
      + "page and the metrics listen on (default: 127.0.0.1; 0.0.0.0 for every interface).")
  InetAddress httpBind = InetAddress.getLoopbackAddress();

  @Mixin
  MetricsOptions metricsOptions = new MetricsOptions();

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
    checkCombinations();
    RpcSettings rpc;
    try {
      rpc = RpcSettings.DEFAULTS.withTls(tls.load());
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    Optional<ProgressBar> bar = Terminal.progressStream().map(ProgressBar::new);
    if (rounds == null && resume == null) {
      Path data = DefaultData.dataDir(dataDir);
      Path validation = DefaultData.validation(validate);
      announceDefaults(data, validation);
      StrategySettings strategy;
      try {
        strategy = aggregation.settings();
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      if (strategy.strategy() == Strategy.FEDPROX) {
        throw new ParameterException(spec.commandLine(), "--strategy fedprox changes how the nodes train, which the "
            + "reference job leaves to the nodes' own settings; add --rounds R");
      }
      FederatedRun.Settings reference = new FederatedRun.Settings(data, validation, files,
          Duration.ofSeconds(timeoutS), strategy.create(), rpc, timings);
      return watched(rpc, listener -> {
        FederatedRun run = new FederatedRun(System.out, reference, Optional.ofNullable(entry), bar, listener);
        try {
          return run.run(supernodeHost, supernodePort);
        } catch (IOException | RemoteException | RoundFailed | IllegalArgumentException e) {
          System.err.println("error: " + e.getMessage());
          return Cli.FAILED;
        }
      });
    }
    RunFolder folder;
    FederatedTraining.Settings settings;
    try {
      if (resume != null) {
        folder = RunFolder.resume(resume, Instant.now());
        settings = folder.settings(rpc);
      } else {
        settings = settings(rpc);
        folder = RoundsRun.start(Optional.ofNullable(out), settings);
      }
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    RunFolder run = folder;
    FederatedTraining.Settings recorded = settings;
    RoundsRun rounds = new RoundsRun(supernodeHost, supernodePort, Optional.ofNullable(entry),
        () -> announceDefaults(recorded.dataDir(), recorded.validation()));
    return watched(rpc, listener -> rounds.run(run, recorded, resume != null, bar, listener));
  }

  /** Runs the training with what --metrics-port and --http ask for around it. */
  private int watched(RpcSettings rpc, RunWatch.Run run) throws InterruptedException {
    return RunWatch.around(System.out, metricsOptions, Optional.ofNullable(http), httpBind, supernodeHost,
        supernodePort, rpc, run);
  }

  /** Refuses options, on the command line or in --config, that would be ignored: no option is silently dropped. */
  private void checkCombinations() {
    if (timings && (rounds != null || resume != null)) {
      throw new ParameterException(spec.commandLine(), "--timings times the reference job only (without --rounds); "
          + "a --rounds run records each round's time in its report.json");
    }
    if (resume != null) {
      for (OptionSpec option : RecordedOptions.recorded(spec)) {
        if (Cli.given(spec, option.longestName())) {
          throw new ParameterException(spec.commandLine(), option.longestName() + " cannot be given with --resume: "
              + "the run's options are recorded in " + resume.resolve(RunFolder.STATE) + " and the resumed run keeps "
              + "them");
        }
      }
      return;
    }
    if (rounds == null) {
      for (OptionSpec option : RecordedOptions.roundsOnly(spec)) {
        if (Cli.given(spec, option.longestName())) {
          throw new ParameterException(spec.commandLine(), option.longestName() + " applies to --rounds runs only: "
              + "without --rounds the client does the reference job, in which every node trains with its own "
              + "settings (see computenode --help); add --rounds R to train with yours");
        }
      }
    } else if (Cli.given(spec, "--timeout-s")) {
      throw new ParameterException(spec.commandLine(), "--timeout-s is the reference job's deadline; a --rounds "
          + "run has --round-timeout-s per round");
    }
  }

  /** Says where the data came from when the project's copy stands in for ./letters. */
  private void announceDefaults(Path data, Path validation) {
    if (dataDir == null && !data.equals(DefaultData.LETTERS)) {
      System.out.println("Data: " + data + " and " + validation + " (the project's copy of the letters data)");
    }
  }

  private FederatedTraining.Settings settings(RpcSettings rpc) {
    if (rounds < 1) {
      throw new IllegalArgumentException("--rounds " + rounds + " must be at least 1");
    }
    if (!(minFraction > 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("--min-fraction " + minFraction + " must be in (0, 1]");
    }
    StrategySettings strategy = aggregation.settings();
    // The nodes shuffle their minibatches from the spec's seed, the start weights' (TrainingSpecs).
    TrainingOptions options = strategy.localTraining(nodeTraining.options(strategy.localDefaults()));
    TrainingConfig training = modelOptions.config(options, spec.commandLine().getParseResult()
        .hasMatchedOption("--hidden"), TrainingConfig.LETTER_CLASSES);
    return new FederatedTraining.Settings(DefaultData.dataDir(dataDir), DefaultData.validation(validate), files, rounds,
        training, minFraction, Duration.ofSeconds(roundTimeoutS), strategy, new Participation(fraction,
        modelOptions.seed), calibrateHead, modelOptions.standardize, rpc);
  }
}
