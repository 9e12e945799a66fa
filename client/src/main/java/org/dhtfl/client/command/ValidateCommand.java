package org.dhtfl.client.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.Version;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** client validate: the error rate of a saved model on a labelled data file. */
@Command(name = "validate", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Loads a model file (see reports/model-format.md) and prints the fraction of the rows of a "
        + "labelled data file (the model's input count of features, then the label) that it misclassifies.")
public final class ValidateCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "MODEL", description = "The model file.")
  Path model;

  @Parameters(index = "1", paramLabel = "FILE", description = "Labelled rows, e.g. validate_letters.txt.")
  Path file;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    PrintWriter stdout = spec.commandLine().getOut();
    try {
      StoredModel stored = ModelFile.loadModel(model);
      Weights weights = stored.weights();
      ModelShape shape = weights.shape();
      Dataset data = CsvData.read(file, shape.classes(), shape.inputs());
      double error = Trainer.errorRate(weights, stored.prepare(data));
      stdout.printf(Locale.ROOT, "Validation error: %.2f%%%n", 100 * error);
      stdout.printf(Locale.ROOT, "rows: %d%n", data.rows());
      stdout.flush();
      return 0;
    } catch (IOException e) {
      PrintWriter stderr = spec.commandLine().getErr();
      stderr.println("error: " + IoFailures.describe(e));
      stderr.flush();
      return Cli.FAILED;
    }
  }
}
