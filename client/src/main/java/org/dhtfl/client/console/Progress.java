package org.dhtfl.client.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.dhtfl.client.rounds.RoundReporter;

/**
 * The files done in the current round of a --rounds run: a bar redrawn in place when a person
 * watches a terminal ({@link Terminal}), a plain line at each quarter otherwise (logs, pipes, CI).
 */
public final class Progress implements RoundReporter {

  private final PrintStream out;
  private final Optional<ProgressBar> bar;
  private final int rounds;
  private final RoundReporter watcher;
  private int round;
  private int shownQuarter;

  /**
   * @param out where plain lines go
   * @param bar the bar, when a person watches
   * @param rounds how many rounds the run has
   * @param watcher hears every call too (the live page, the metrics)
   */
  public Progress(PrintStream out, Optional<ProgressBar> bar, int rounds, RoundReporter watcher) {
    this.out = out;
    this.bar = bar;
    this.rounds = rounds;
    this.watcher = watcher;
  }

  @Override
  public void submitted(int round, List<String> files) {
    watcher.submitted(round, files);
    this.round = round;
    this.shownQuarter = 0;
    finished(0, files.size());
  }

  @Override
  public void pending(Set<String> pending, int total) {
    // The bar counts the files done.
    watcher.pending(pending, total);
  }

  @Override
  public void finished(int done, int total) {
    watcher.finished(done, total);
    if (bar.isPresent()) {
      bar.get().draw(String.format(Locale.ROOT, "round %d/%d", round, rounds), done, total, "");
      return;
    }
    int quarter = total == 0 ? 4 : done * 4 / total;
    if (quarter > shownQuarter && quarter < 4) {
      shownQuarter = quarter;
      out.printf(Locale.ROOT, "round %d/%d: %d of %d files done%n", round, rounds, done, total);
    }
  }

  /** Ends the bar's line before the round's summary. */
  public void done() {
    bar.ifPresent(ProgressBar::clear);
  }
}
