package org.dhtfl.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.report.JsonWriter;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.plot.LinePlot;

/**
 * What a federated run leaves behind: the final model (model.txt, reports/model-format.md), a
 * JSON report (per round the validation error and duration, per file the node that trained it,
 * its rows, epochs, training error and how often it was sent), the plot of the validation error
 * per round, and the per-file table of the last round on the console.
 */
final class RunReport {

  static final String MODEL = "model.txt";
  static final String REPORT = "report.json";
  static final String PLOT = "validation-error.png";

  private RunReport() {
  }

  static void write(FederatedTraining.Outcome outcome, FederatedTraining.Settings settings, Path dir, PrintStream out)
      throws IOException {
    Files.createDirectories(dir);
    FederatedTraining.Round last = outcome.rounds().get(outcome.rounds().size() - 1);
    out.printf("Round %d by file:%n", last.number());
    out.printf("  %-20s %5s %5s %6s %6s %9s %s%n", "file", "key", "node", "rows", "epochs", "error", "sent");
    for (FileOutcome f : last.files()) {
      if (f.result().status() == JobStatus.DONE) {
        out.printf(Locale.ROOT, "  %-20s %5d %5s %6d %6d %8.2f%% %d%n", f.file(), f.key(),
            FederatedRun.node(f.result()),
            f.result().rows(), f.result().epochs(), 100 * f.result().errorRate(), f.submissions());
      } else {
        out.printf("  %-20s %5d %5s  %s: %s%n", f.file(), f.key(), "-", f.result().status().wireName(),
            f.result().reason());
      }
    }
    List<FederatedTraining.Round> rounds = outcome.rounds();
    double[] x = new double[rounds.size()];
    double[] y = new double[rounds.size()];
    for (int i = 0; i < rounds.size(); i++) {
      x[i] = rounds.get(i).number();
      y[i] = 100 * rounds.get(i).validationError();
    }
    Path model = dir.resolve(MODEL);
    ModelFile.save(outcome.model(), model);
    Path report = dir.resolve(REPORT);
    Files.writeString(report, JsonWriter.indented().write(json(outcome, settings)) + "\n", StandardCharsets.UTF_8);
    out.println("Wrote " + model + " and " + report);
    Path plot = dir.resolve(PLOT);
    new LinePlot("Validation error per round (" + outcome.runId() + ")", "round", "validation error (%)", false)
        .add(new LinePlot.Series(FederatedTraining.describe(settings.training()), x, y))
        .writePng(plot);
    out.println("Wrote " + plot);
  }

  static Map<String, Object> json(FederatedTraining.Outcome outcome, FederatedTraining.Settings settings) {
    TrainingConfig t = settings.training();
    Map<String, Object> training = new LinkedHashMap<>();
    training.put("model", t.kind().name().toLowerCase(Locale.ROOT));
    training.put("hidden", t.hidden());
    training.put("classes", t.classes());
    training.put("epochs", t.options().epochs());
    training.put("eta", t.options().eta());
    training.put("eta_per_row", t.options().etaPerRow());
    training.put("momentum", t.options().momentum());
    training.put("early_stop", t.options().earlyStop());
    training.put("seed", t.seed());
    List<Object> rounds = new ArrayList<>();
    for (FederatedTraining.Round r : outcome.rounds()) {
      List<Object> files = new ArrayList<>();
      for (FileOutcome f : r.files()) {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("file", f.file());
        file.put("key", f.key());
        file.put("status", f.result().status().wireName());
        // -1 where no node answered, as the report has always said.
        file.put("node", f.result().trainedBy().orElse(-1));
        file.put("rows", f.result().rows());
        file.put("epochs", f.result().epochs());
        file.put("training_error", f.result().errorRate());
        file.put("train_ms", f.result().trainMillis());
        file.put("submissions", f.submissions());
        if (!f.result().reason().isEmpty()) {
          file.put("reason", f.result().reason());
        }
        files.add(file);
      }
      Map<String, Object> round = new LinkedHashMap<>();
      round.put("round", r.number());
      round.put("validation_error", r.validationError());
      round.put("duration_ms", r.millis());
      round.put("files_done", r.done());
      round.put("files", files);
      rounds.add(round);
    }
    Map<String, Object> report = new LinkedHashMap<>();
    report.put("run", outcome.runId());
    report.put("data_dir", settings.dataDir().toAbsolutePath().toString());
    report.put("validation_file", settings.validation().toAbsolutePath().toString());
    report.put("strategy", settings.strategy().getClass().getSimpleName());
    report.put("min_fraction", settings.minFraction());
    report.put("training", training);
    report.put("final_validation_error", outcome.finalError());
    report.put("rounds", rounds);
    return report;
  }
}
