package org.dhtfl.client.watch;

import java.util.List;
import java.util.Set;
import org.dhtfl.client.rounds.RoundReporter;

/**
 * Hears a training run as it goes, for the live page and the client's metrics: the files of each
 * round as a {@link RoundReporter}, then each round's validation error, then the run's end.
 */
public interface RunListener extends RoundReporter {

  /** Hears nothing. */
  RunListener NONE = new RunListener() {
  };

  /** The run starts: its ID, "reference" (the put_data job) or "rounds", and how many rounds it has. */
  default void started(String runId, String mode, int rounds) {
  }

  @Override
  default void submitted(int round, List<String> files) {
  }

  @Override
  default void finished(int finished, int total) {
  }

  @Override
  default void pending(Set<String> pending, int total) {
  }

  /** A round ended: {@code filesDone} files trained, the global model's validation error, its time. */
  default void roundDone(int round, int filesDone, double validationError, long millis) {
  }

  /** The run ended, well or not, and why. */
  default void ended(boolean ok, String message) {
  }

  /** Both listeners hear everything, {@code a} first. */
  static RunListener both(RunListener a, RunListener b) {
    return new RunListener() {
      @Override
      public void started(String runId, String mode, int rounds) {
        a.started(runId, mode, rounds);
        b.started(runId, mode, rounds);
      }

      @Override
      public void submitted(int round, List<String> files) {
        a.submitted(round, files);
        b.submitted(round, files);
      }

      @Override
      public void finished(int finished, int total) {
        a.finished(finished, total);
        b.finished(finished, total);
      }

      @Override
      public void pending(Set<String> pending, int total) {
        a.pending(pending, total);
        b.pending(pending, total);
      }

      @Override
      public void roundDone(int round, int filesDone, double validationError, long millis) {
        a.roundDone(round, filesDone, validationError, millis);
        b.roundDone(round, filesDone, validationError, millis);
      }

      @Override
      public void ended(boolean ok, String message) {
        a.ended(ok, message);
        b.ended(ok, message);
      }
    };
  }
}
