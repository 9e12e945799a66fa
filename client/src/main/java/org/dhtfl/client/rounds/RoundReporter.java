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
}
