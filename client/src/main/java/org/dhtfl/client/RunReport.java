package org.dhtfl.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.dhtfl.node.JobStatus;
import org.dhtfl.plot.LinePlot;

/** What a federated run leaves behind: the per-file table of the last round and the error plot. */
final class RunReport {

  static final String PLOT = "validation-error.png";

  private RunReport() {
  }

  static void write(FederatedTraining.Outcome outcome, FederatedTraining.Settings settings, Path dir, PrintStream out)
      throws IOException {
    Files.createDirectories(dir);
    FederatedTraining.Round last = outcome.rounds().get(outcome.rounds().size() - 1);
    out.printf("Round %d by file:%n", last.number());
    out.printf("  %-20s %5s %5s %6s %6s %9s %s%n", "file", "key", "node", "rows", "epochs", "error", "sent");
    for (FederatedTraining.FileOutcome f : last.files()) {
      if (f.result().status() == JobStatus.DONE) {
        out.printf(Locale.ROOT, "  %-20s %5d %5d %6d %6d %8.2f%% %d%n", f.file(), f.key(), f.result().trainedBy(),
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
    Path plot = dir.resolve(PLOT);
    new LinePlot("Validation error per round (" + outcome.runId() + ")", "round", "validation error (%)", false)
        .add(new LinePlot.Series(FederatedTraining.describe(settings.training()), x, y))
        .writePng(plot);
    out.println("Wrote " + plot);
  }
}
