package org.dhtfl.client.command;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.Version;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** client predict: the class a saved model gives each row of a data file. */
@Command(name = "predict", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Loads a model file (see reports/model-format.md) and prints, for each row of a data file, "
        + "the predicted class index, one per line in the order of the rows. A row holds the model's input "
        + "count of features; a file whose rows have one more column (e.g. a labelled file) has that last "
        + "column ignored.")
public final class PredictCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path model;

  @Parameters(index = "1", paramLabel = "FILE", description = "Rows of features, with or without a label column.")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      StoredModel stored = ModelFile.loadModel(model);
      Weights weights = stored.weights();
      int[] predictions = Trainer.predict(weights, stored.prepare(features(weights.shape().inputs())));
      StringBuilder lines = new StringBuilder(predictions.length * 3);
      for (int prediction : predictions) {
        lines.append(prediction).append(System.lineSeparator());
      }
      stdout.print(lines);
      stdout.flush();
      return 0;
    } catch (IOException e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("error: " + IoFailures.describe(e));
      stderr.flush();
      return Cli.FAILED;
    }
  }

  /** The rows' features: all columns, or all but the last when the first row has inputs + 1 of them. */
  private Dataset features(int inputs) throws IOException {
    Optional<FirstRow> firstRow = firstRow();
    if (firstRow.isEmpty() || firstRow.get().columns() == inputs) {
      // Also for a file without rows, so that CsvData reports it.
      return CsvData.readUnlabelled(file, inputs);
    }
    FirstRow first = firstRow.get();
    if (first.columns() != inputs + 1) {
      throw new IOException(file + " line " + first.line() + ": " + first.columns() + " columns, expected " + inputs
          + " (the model's inputs) or " + (inputs + 1) + " (inputs, then a label to ignore)");
    }
    Dataset withLabels = CsvData.readUnlabelled(file, inputs + 1);
    double[] all = withLabels.values();
    double[] values = new double[withLabels.rows() * inputs];
    for (int r = 0; r < withLabels.rows(); r++) {
      System.arraycopy(all, r * (inputs + 1), values, r * inputs, inputs);
    }
    return Dataset.unlabelled(withLabels.name(), inputs, values);
  }

  /** The line number and column count of the first non-blank line (counted as CsvData counts them). */
  private record FirstRow(long line, int columns) {
  }

  /** The first non-blank line; empty for a file without one. */
  private Optional<FirstRow> firstRow() throws IOException {
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      long number = 0;
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        number++;
        if (!line.isBlank()) {
          return Optional.of(new FirstRow(number, line.split(",", -1).length));
        }
      }
      return Optional.empty();
    }
  }
}
