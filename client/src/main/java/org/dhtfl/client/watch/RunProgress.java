package org.dhtfl.client.watch;

import java.util.ArrayList;
import java.util.List;

/** A run's progress as the live page shows it: the round, its files, and the validation error per round. */
public final class RunProgress implements RunListener {

  /**
   * The run as /run.json gives it (reports/design.md): its ID and mode, the round running (or the
   * last), that round's files and how many are done, the state (running, done, failed) with a
   * message, and one point per finished round.
   */
  public record View(String runId, String mode, int rounds, int round, int files, int filesDone, String state,
      String message, List<Point> curve) {
    public View {
      curve = List.copyOf(curve);
    }
  }

  /** A finished round: files trained, validation error as a fraction, seconds. */
  public record Point(int round, int files, double validationError, double seconds) {
  }

  // Guarded by this.
  private String runId = "";
  private String mode = "";
  private int rounds;
  private int round;
  private int files;
  private int filesDone;
  private String state = "starting";
  private String message = "";
  private final List<Point> curve = new ArrayList<>();

  @Override
  public synchronized void started(String id, String runMode, int roundCount) {
    runId = id;
    mode = runMode;
    rounds = roundCount;
    state = "running";
  }

  @Override
  public synchronized void submitted(int number, List<String> names) {
    round = number;
    files = names.size();
    filesDone = 0;
  }

  @Override
  public synchronized void finished(int finished, int total) {
    filesDone = finished;
    files = total;
  }

  @Override
  public synchronized void roundDone(int number, int done, double validationError, long millis) {
    curve.add(new Point(number, done, validationError, millis / 1000.0));
  }

  @Override
  public synchronized void ended(boolean ok, String why) {
    state = ok ? "done" : "failed";
    message = why;
  }

  public synchronized View view() {
    return new View(runId, mode, rounds, round, files, filesDone, state, message, curve);
  }
}
