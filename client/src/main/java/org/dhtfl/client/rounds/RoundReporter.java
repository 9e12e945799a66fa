package org.dhtfl.client.rounds;

import java.util.List;
import java.util.Set;

/** What a round shows while it runs: the reference's "Waiting for" lines, or the --rounds progress bar. */
public interface RoundReporter {

  /** Every file's job was sent once. */
  void submitted(int round, List<String> files);

  /** One more file has its final result; {@code finished} of {@code total} now have one. */
  void finished(int finished, int total);

  /** A polling pass ended with these files still pending. */
  void pending(Set<String> pending, int total);

  /** Both reporters hear everything, {@code a} first. */
  static RoundReporter both(RoundReporter a, RoundReporter b) {
    return new RoundReporter() {
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
    };
  }
}
