package org.dhtfl.client.rounds;

import java.util.Objects;
import org.dhtfl.jobs.JobResult;

/** One file's outcome in one round: its key on the ring, its last result and how often its job was sent. */
public record FileOutcome(String file, int key, JobResult result, int submissions) {

  public FileOutcome {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(result, "result");
  }
}
