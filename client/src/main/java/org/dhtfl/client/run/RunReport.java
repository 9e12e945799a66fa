package org.dhtfl.client.run;

import java.io.PrintStream;
import java.util.Locale;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.jobs.JobStatus;

/** The console's table of a round of a --rounds run: per file its key, node, rows, epochs, error and submissions. */
public final class RunReport {

  private RunReport() {
  }

  public static void printRound(FederatedTraining.Round round, PrintStream out) {
    out.printf("Round %d by file:%n", round.number());
    out.printf("  %-20s %5s %5s %6s %6s %9s %s%n", "file", "key", "node", "rows", "epochs", "error", "sent");
    for (FileOutcome f : round.files()) {
      if (f.result().status() == JobStatus.DONE) {
        out.printf(Locale.ROOT, "  %-20s %5d %5s %6d %6d %8.2f%% %d%n", f.file(), f.key(),
            FederatedRun.node(f.result()),
            f.result().rows(), f.result().epochs(), 100 * f.result().errorRate(), f.submissions());
      } else {
        out.printf("  %-20s %5d %5s  %s: %s%n", f.file(), f.key(), "-", f.result().status().wireName(),
            f.result().reason());
      }
    }
  }
}
