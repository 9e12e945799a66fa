package org.dhtfl.client.rounds;

import java.util.List;
import java.util.Objects;
import org.dhtfl.jobs.JobResult;

/**
 * One file's outcome in one round: its key on the ring, its last result, how often its job was
 * sent, and why the client rejected results it read before that one (none in a faultless round).
 */
public record FileOutcome(String file, int key, JobResult result, int submissions, List<String> rejected) {

  public FileOutcome {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(result, "result");
    rejected = List.copyOf(rejected);
  }

  /** An outcome without rejected results. */
  public FileOutcome(String file, int key, JobResult result, int submissions) {
    this(file, key, result, submissions, List.of());
  }
}
