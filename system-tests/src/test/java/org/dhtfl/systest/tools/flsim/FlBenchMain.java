package org.dhtfl.systest.tools.flsim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.StrategyOptions;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.options.LocalTrainingOptions;
import org.dhtfl.client.options.ModelOptions;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * scripts/bench-fl.sh: every configured strategy on every split, in the {@link FederatedSimulator};
 * writes a table of the validation error after rounds 1, 5 and the last with the time, the curves as
 * CSV and one plot of them, and the poisoning experiment: the last round's error of each strategy
 * with and without some results replaced by their change scaled and sign-flipped.
 */
@Command(name = "bench-fl", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Federated strategies on several splits, simulated in one process with the client's strategies.")
public final class FlBenchMain implements Callable<Integer> {

  @Option(names = "--split", required = true, paramLabel = "NAME=DIR", description = "A split of the training data "
      + "into files (repeatable, in table order).")
  List<String> splits;

  @Option(names = "--validate", required = true, paramLabel = "FILE", description = "The validation file.")
  Path validate;

  @Option(names = "--config", required = true, paramLabel = "LABEL=OPTIONS", description = "A strategy as client "
      + "options, e.g. 'median+m=--strategy median --server-optimizer momentum' (repeatable).")
  List<String> configs;

  @Option(names = "--rounds", paramLabel = "R", description = "Rounds (default: ${DEFAULT-VALUE}).")
  int rounds = 10;

  @Option(names = "--threads", paramLabel = "N", description = "Trainings at once (default: the cores).")
  int threads = Runtime.getRuntime().availableProcessors();

  @Option(names = "--poison-split", paramLabel = "NAME", description = "The split of the poisoning experiment.")
  String poisonSplit;

  @Option(names = "--poisoned", paramLabel = "N",
      description = "Poisoned results per round (default: ${DEFAULT-VALUE}).")
  int poisoned = 3;

  @Option(names = "--poison-scale", paramLabel = "X", description = "A poisoned result is its change times -X "
      + "(default: ${DEFAULT-VALUE}).")
  double poisonScale = 10;

  @Option(names = "--table", required = true, paramLabel = "FILE", description = "Markdown tables to write.")
  Path table;

  @Option(names = "--csv", required = true, paramLabel = "FILE", description = "The curves, one line per round.")
  Path csv;

  @Option(names = "--plot", required = true, paramLabel = "FILE", description = "PNG of the curves, a panel per split.")
  Path plot;

  /** The model every config trains (--hidden, --standardize, --init, --seed), as the client's --rounds takes them. */
  @Mixin
  ModelOptions model = new ModelOptions();

  /** One line of --config: the client's strategy options, its options of the nodes' training and --fraction. */
  static final class ConfigLine {
    @Mixin
    StrategyOptions strategy = new StrategyOptions();

    @Mixin
    LocalTrainingOptions training = new LocalTrainingOptions();

    @Option(names = "--fraction")
    double fraction = 1.0;

    @Option(names = "--calibrate-head")
    HeadCalibration calibration = HeadCalibration.NONE;
  }

  record Config(String label, StrategySettings strategy, TrainingOptions training, double fraction,
      HeadCalibration calibration) {
  }

  public static void main(String[] args) {
    // Not Cli.commandLine: its --config FILE would clash with this tool's --config LABEL=OPTIONS.
    System.exit(new CommandLine(new FlBenchMain()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }

  static Config parse(String config) {
    int eq = config.indexOf('=');
    if (eq < 1) {
      throw new IllegalArgumentException("--config " + config + ": expected LABEL=OPTIONS");
    }
    ConfigLine line = new ConfigLine();
    String options = config.substring(eq + 1).trim();
    Cli.commandLine(line).parseArgs(options.isEmpty() ? new String[0] : options.split("\\s+"));
    return new Config(config.substring(0, eq), line.strategy.settings(),
        line.training.options(line.strategy.settings().localDefaults()), line.fraction,
        line.calibration);
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    TrainingConfig training = model.config(TrainingConfig.defaults().options(), true, TrainingConfig.LETTER_CLASSES);
    List<Config> all = configs.stream().map(FlBenchMain::parse)
        .map(c -> new Config(c.label(), c.strategy(), c.training().withShuffleSeed(training.seed()), c.fraction(),
            c.calibration()))
        .toList();
    Dataset rawValidation = CsvData.read(validate, training.classes());
    Map<String, Map<String, FederatedSimulator.Run>> clean = new LinkedHashMap<>();
    Map<String, FederatedSimulator.Run> poisonedRuns = new LinkedHashMap<>();
    BenchReport report = new BenchReport(rounds);
    for (String split : splits) {
      String name = split.substring(0, split.indexOf('='));
      Path dir = Path.of(split.substring(split.indexOf('=') + 1));
      List<FederatedSimulator.Shard> shards = FederatedSimulator.shards(dir, training.classes());
      Dataset validation = rawValidation;
      if (model.standardize) {
        // As the ring does it: every file's rows scaled by the mean and deviation of all of them.
        Standardization scaling = standardization(shards);
        shards = shards.stream().map(s -> new FederatedSimulator.Shard(s.name(), s.data().map(scaling::apply),
            s.problem())).toList();
        validation = scaling.apply(rawValidation);
      }
      try (FederatedSimulator simulator = new FederatedSimulator(shards, validation, training, threads)) {
        Map<String, FederatedSimulator.Run> runs = new LinkedHashMap<>();
        for (Config config : all) {
          FederatedSimulator.Run run = simulator.run(config.strategy(), config.training(),
              participation(config, training), rounds, FederatedSimulator.Poison.NONE, config.calibration());
          runs.put(config.label(), run);
          print(name, config, "", run);
        }
        clean.put(name, runs);
        report.split(name, dir, shards, runs);
        if (name.equals(poisonSplit)) {
          FederatedSimulator.Poison poison = FederatedSimulator.Poison.spread(simulator.names(), poisoned, poisonScale);
          for (Config config : all) {
            FederatedSimulator.Run run = simulator.run(config.strategy(), config.training(),
                participation(config, training), rounds, poison, config.calibration());
            poisonedRuns.put(config.label(), run);
            print(name, config, " poisoned", run);
          }
          report.poison(name, poison, runs, poisonedRuns);
        }
      }
    }
    report.legend(all.stream().map(c -> Map.entry(c.label(), c.strategy().describe()
        + nodeTraining(c.training(), training.options())
        + (c.fraction() < 1 ? ", fraction " + c.fraction() : "")
        + (c.calibration() != HeadCalibration.NONE ? ", calibrate-head " + c.calibration() : ""))).toList());
    Files.writeString(table, report.markdown(), StandardCharsets.UTF_8);
    Files.writeString(csv, report.csv(clean, poisonedRuns), StandardCharsets.UTF_8);
    report.plot(clean, plot);
    System.out.println("wrote " + table + ", " + csv + " and " + plot);
    return 0;
  }

  /** Each feature's mean and deviation over the rows of every readable shard. */
  static Standardization standardization(List<FederatedSimulator.Shard> shards) {
    int features = shards.stream().flatMap(s -> s.data().stream()).findFirst().orElseThrow().features();
    double[] sums = new double[features];
    double[] squares = new double[features];
    long rows = 0;
    for (FederatedSimulator.Shard shard : shards) {
      if (shard.data().isPresent()) {
        double[] values = shard.data().get().values();
        for (int i = 0; i < values.length; i++) {
          sums[i % features] += values[i];
          squares[i % features] += values[i] * values[i];
        }
        rows += shard.data().get().rows();
      }
    }
    return Standardization.fromSums(rows, sums, squares);
  }

  /** What the nodes' training of a config changes from the reference's, for the legend; empty when nothing. */
  static String nodeTraining(TrainingOptions options, TrainingOptions reference) {
    List<String> changes = new ArrayList<>();
    if (options.epochs() != reference.epochs()) {
      changes.add(options.epochs() + " epochs");
    }
    if (options.eta() != reference.eta() || options.etaPerRow() != reference.etaPerRow()) {
      changes.add("eta " + options.eta() + (options.etaPerRow() ? " per row" : ""));
    }
    if (options.momentum() != reference.momentum()) {
      changes.add("momentum " + options.momentum());
    }
    if (options.earlyStop() != reference.earlyStop()) {
      changes.add(options.earlyStop() ? "early stop" : "no early stop");
    }
    return changes.isEmpty() ? "" : ", nodes: " + String.join(", ", changes);
  }

  private static Participation participation(Config config, TrainingConfig training) {
    return new Participation(config.fraction(), training.seed());
  }

  private static void print(String split, Config config, String what, FederatedSimulator.Run run) {
    List<String> errors = new ArrayList<>();
    for (double e : run.errors()) {
      errors.add(String.format(Locale.ROOT, "%.2f", 100 * e));
    }
    System.out.printf(Locale.ROOT, "%-8s %-16s%s: %s %% (%.1f s; training rows %.2f%%)%n", split, config.label(),
        what, String.join(" ", errors), run.millis() / 1000.0,
        100 * run.trainingErrors()[run.trainingErrors().length - 1]);
  }
}
