package org.dhtfl.client;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dhtfl.client.rounds.RoundReporter;

/**
 * The files done in the current round: a bar redrawn in place on a terminal, a line at each
 * quarter otherwise (logs and pipes).
 */
final class Progress implements RoundReporter {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private final int rounds;
  private int round;
  private int shownQuarter;
  private boolean drawn;

  /** @param rounds how many rounds the run has */
  Progress(PrintStream out, boolean terminal, int rounds) {
    this.out = out;
    this.terminal = terminal;
    this.rounds = rounds;
  }

  @Override
  public void submitted(int round, List<String> files) {
    this.round = round;
    this.shownQuarter = 0;
    finished(0, files.size());
  }

  @Override
  public void pending(Set<String> pending, int total) {
    // The bar counts the files done.
  }

  @Override
  public void finished(int done, int total) {
    if (terminal) {
      int filled = total == 0 ? WIDTH : done * WIDTH / total;
      out.printf(Locale.ROOT, "\rround %d/%d [%s%s] %d/%d files", round, rounds, "#".repeat(filled),
          ".".repeat(WIDTH - filled), done, total);
      out.flush();
      drawn = true;
    } else {
      int quarter = total == 0 ? 4 : done * 4 / total;
      if (quarter > shownQuarter && quarter < 4) {
        shownQuarter = quarter;
        out.printf(Locale.ROOT, "round %d/%d: %d of %d files done%n", round, rounds, done, total);
      }
    }
  }

  /** Ends the bar's line before the round's summary. */
  void done() {
    if (terminal && drawn) {
      out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
      out.flush();
      drawn = false;
    }
  }
}
