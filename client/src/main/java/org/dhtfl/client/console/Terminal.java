package org.dhtfl.client.console;

import java.io.FileNotFoundException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where a progress bar may be drawn: on a terminal a person watches, never into a log. The bar goes
 * to standard output when that is a terminal, else to standard error when that is one (a client
 * piped through {@code tee} still shows its bar), else nowhere, and the run prints plain lines.
 *
 * <p>The system property {@code dhtfl.progress} decides instead when set: {@code stdout},
 * {@code stderr}, {@code none}, or a file to draw on (the demo script passes {@code /dev/fd/3}, its
 * own terminal). Without it, a standard stream counts as a terminal when /proc/self/fd names a
 * terminal device (Linux); the launch scripts set the property where /proc is missing.
 */
public final class Terminal {

  static final String PROPERTY = "dhtfl.progress";

  private Terminal() {
  }

  /** The stream to draw the progress bar on, or empty when no person watches. */
  public static Optional<PrintStream> progressStream() {
    String choice = System.getProperty(PROPERTY, "").trim();
    switch (choice) {
      case "stdout":
        return Optional.of(System.out);
      case "stderr":
        return Optional.of(System.err);
      case "none":
        return Optional.empty();
      case "":
        if (isTerminal(1)) {
          return Optional.of(System.out);
        }
        return isTerminal(2) ? Optional.of(System.err) : Optional.empty();
      default:
        try {
          return Optional.of(new PrintStream(new FileOutputStream(choice), true, StandardCharsets.UTF_8));
        } catch (FileNotFoundException | SecurityException e) {
          // A terminal that went away: plain lines then.
          return Optional.empty();
        }
    }
  }

  /** True when the process's file descriptor fd is a terminal device. */
  static boolean isTerminal(int fd) {
    try {
      String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
      return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      // No /proc: the JDK tells at least whether standard input and output are a terminal.
      return fd == 1 && System.console() != null;
    }
  }
}
