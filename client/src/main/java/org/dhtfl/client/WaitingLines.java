package org.dhtfl.client;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.dhtfl.client.rounds.RoundReporter;
import org.dhtfl.ring.NodeRef;

/**
 * The reference job's lines while it runs: "Submitted N files through node X", then "Waiting for
 * N of M files: a, b, ..." whenever the number of pending files changes.
 */
final class WaitingLines implements RoundReporter {

  private static final int SHOWN = 6;

  private final PrintStream out;
  private final Supplier<NodeRef> entry;
  private int lastShown = -1;

  /** @param entry the node the files went through (it may change when a member fails) */
  WaitingLines(PrintStream out, Supplier<NodeRef> entry) {
    this.out = out;
    this.entry = entry;
  }

  @Override
  public void submitted(int round, List<String> files) {
    out.printf("Submitted %d files through node %d%n", files.size(), entry.get().id());
    lastShown = -1;
  }

  @Override
  public void finished(int finished, int total) {
    // Only the pending files are shown.
  }

  @Override
  public void pending(Set<String> pending, int total) {
    if (pending.size() != lastShown) {
      lastShown = pending.size();
      out.printf("Waiting for %d of %d files: %s%n", pending.size(), total, preview(pending));
    }
  }

  private static String preview(Set<String> pending) {
    String shown = pending.stream().limit(SHOWN).collect(Collectors.joining(", "));
    return pending.size() > SHOWN ? shown + ", ..." : shown;
  }
}
