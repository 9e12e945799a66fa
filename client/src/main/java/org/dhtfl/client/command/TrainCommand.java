package org.dhtfl.client.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.Version;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.client.options.LocalTrainingOptions;
import org.dhtfl.client.options.ModelOptions;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * client train: the centralised baseline. One model trained on the rows of every file of a folder in this
 * process, with the options a --rounds run gives the nodes, then validated: what the same model would reach
 * if the rows could be pooled, so a user sees what federation costs.
 */
@Command(name = "train", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Trains one model on the rows of every file in DIR together, in this process (the centralised "
        + "baseline of a --rounds run, with the same model options), and prints its validation error.")
public final class TrainCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "DIR", description = "The training files, e.g. data/letters.")
  Path dir;

  @Option(names = "--validate", required = true, paramLabel = "FILE", description = "Labelled validation rows.")
  Path validate;

  @Option(names = "--save", paramLabel = "FILE", description = "Write the trained model to FILE "
      + "(reports/model-format.md).")
  Path save;

  @Option(names = "--threads", paramLabel = "N", description = "Threads of a one-layer model's full-batch training "
      + "(default: the cores); the result does not depend on it.")
  int threads = Runtime.getRuntime().availableProcessors();

  @Mixin
  ModelOptions modelOptions = new ModelOptions();

  @Mixin
  LocalTrainingOptions training = new LocalTrainingOptions();

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    TrainingConfig config;
    try {
      TrainingOptions options = training.options().withThreads(Math.max(1, Math.min(threads,
          TrainingOptions.MAX_THREADS)));
      config = modelOptions.config(options, spec.commandLine().getParseResult().hasMatchedOption("--hidden"),
          TrainingConfig.LETTER_CLASSES);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PrintWriter out = spec.commandLine().getOut();
    try {
      List<Dataset> files = new ArrayList<>();
      for (String name : DataFiles.list(dir, 0)) {
        files.add(CsvData.read(dir.resolve(name), config.classes()));
      }
      Dataset rows = Dataset.concat(dir.toString(), files);
      Dataset validation = CsvData.read(validate, config.classes(), rows.features());
      if (modelOptions.standardize) {
        config = config.withStandardization(Optional.of(standardization(rows)));
      }
      out.printf(Locale.ROOT, "Training on %d rows of %d files: %s%n", rows.rows(), files.size(),
          FederatedTraining.describe(config));
      out.flush();
      long started = System.nanoTime();
      TrainingResult result = config.train(config.startWeights(rows.features()), rows);
      double seconds = (System.nanoTime() - started) / 1e9;
      double error = Trainer.errorRate(result.trained(), config.prepare(validation));
      out.printf(Locale.ROOT, "Trained %d epochs in %.1f s, training error %.2f%%%n", result.epochs(), seconds,
          100 * result.errorRate());
      if (save != null) {
        ModelFile.save(new StoredModel(result.trained(), config.standardization()), save);
        out.println("Wrote " + save);
      }
      out.printf(Locale.ROOT, "Final validation error: %.2f%%%n", 100 * error);
      out.flush();
      return 0;
    } catch (IOException | IllegalArgumentException | ArithmeticException e) {
      PrintWriter err = spec.commandLine().getErr();
      err.println("error: " + (e instanceof IOException io ? IoFailures.describe(io) : e.getMessage()));
      err.flush();
      return Cli.FAILED;
    }
  }

  /** Each feature's mean and deviation over the rows, as the nodes' sums give them in a --rounds run. */
  static Standardization standardization(Dataset rows) {
    double[] values = rows.values();
    int features = rows.features();
    double[] sums = new double[features];
    double[] squares = new double[features];
    for (int i = 0; i < values.length; i++) {
      sums[i % features] += values[i];
      squares[i % features] += values[i] * values[i];
    }
    return Standardization.fromSums(rows.rows(), sums, squares);
  }
}
