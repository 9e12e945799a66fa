package org.dhtfl.client.console;

import java.io.PrintStream;
import java.util.Locale;

/** A bar redrawn in place on one terminal line: {@code label [#####.....] 12/33 files note}. */
public final class ProgressBar {

  private static final int WIDTH = 30;
  private static final int LINE = 100;

  private final PrintStream terminal;
  private boolean drawn;

  public ProgressBar(PrintStream terminal) {
    this.terminal = terminal;
  }

  void draw(String label, int done, int total, String note) {
    int filled = total == 0 ? WIDTH : done * WIDTH / total;
    String line = String.format(Locale.ROOT, "%s [%s%s] %d/%d files%s", label, "#".repeat(filled),
        ".".repeat(WIDTH - filled), done, total, note.isEmpty() ? "" : " " + note);
    if (line.length() > LINE) {
      line = line.substring(0, LINE - 3) + "...";
    }
    terminal.print("\r" + line + " ".repeat(LINE - line.length()));
    terminal.flush();
    drawn = true;
  }

  /** Wipes the bar, so that the next line starts on a clean one. */
  void clear() {
    if (drawn) {
      terminal.print("\r" + " ".repeat(LINE) + "\r");
      terminal.flush();
      drawn = false;
    }
  }
}
