package org.dhtfl.client.console;

import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dhtfl.client.rounds.RoundReporter;
import org.dhtfl.ring.NodeRef;

/**
 * The reference job's progress while it runs: "Submitted N files through node X", then either a
 * bar with the files still awaited, when a person watches a terminal, or the reference's line
 * "Waiting for N of M files: a, b, ..." whenever the number of pending files changes.
 */
public final class WaitingLines implements RoundReporter {

  private static final int SHOWN = 6;

  private final PrintStream out;
  private final Supplier<NodeRef> entry;
  private final Optional<ProgressBar> bar;
  private int lastShown = -1;

  /**
   * @param entry the node the files went through (it may change when a member fails)
   * @param bar the bar, when a person watches
   */
  public WaitingLines(PrintStream out, Supplier<NodeRef> entry, Optional<ProgressBar> bar) {
    this.out = out;
    this.entry = entry;
    this.bar = bar;
  }

  @Override
  public void submitted(int round, List<String> files) {
    out.printf("Submitted %d files through node %d%n", files.size(), entry.get().id());
    out.flush();
    lastShown = -1;
  }

  @Override
  public void finished(int finished, int total) {
    // Shown with the pending files.
  }

  @Override
  public void pending(Set<String> pending, int total) {
    if (bar.isPresent()) {
      bar.get().draw("training", total - pending.size(), total,
          pending.isEmpty() ? "" : "waiting for " + preview(pending));
    } else if (pending.size() != lastShown) {
      lastShown = pending.size();
      out.printf("Waiting for %d of %d files: %s%n", pending.size(), total, preview(pending));
    }
  }

  /** Wipes the bar before the results are printed. */
  public void done() {
    bar.ifPresent(ProgressBar::clear);
  }

  private static String preview(Set<String> pending) {
    String shown = pending.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return pending.size() > SHOWN ? shown + ", ..." : shown;
  }
}
