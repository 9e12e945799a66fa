package org.dhtfl.client;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The files done in the current round: a bar redrawn in place on a terminal, a line at each
 * quarter otherwise (logs and pipes).
 */
final class Progress {

  private static final int WIDTH = 30;

  private final PrintStream out;
  private final boolean terminal;
  private int round;
  private int rounds;
  private int total;
  private int shownQuarter;
  private boolean drawn;

  Progress(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  void start(int round, int rounds, int total) {
    this.round = round;
    this.rounds = rounds;
    this.total = total;
    this.shownQuarter = 0;
    update(0);
  }

  void update(int done) {
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
