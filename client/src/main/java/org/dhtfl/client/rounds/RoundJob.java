package org.dhtfl.client.rounds;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.ServerState;

/**
 * One round to run: its files (in name order, the order of aggregation), what to train, and the
 * model the files start from. Without a start model (the reference's put_data draws it on the
 * node from the spec's seed) the start is taken from the first finished file's seed and init,
 * and files trained from other start weights count as failed. The server state is what the
 * strategy kept after the previous round.
 */
public record RoundJob(String runId, int round, List<String> files, JobSpec spec, Optional<Weights> start,
    ServerState state) {

  public RoundJob {
    Objects.requireNonNull(runId, "run id");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(state, "state");
    files = List.copyOf(files);
    if (files.isEmpty()) {
      throw new IllegalArgumentException("round " + round + " has no files");
    }
  }

  /** The reference client's job: every file once through put_data, trained as put_data trains it. */
  public static RoundJob reference(List<String> files, JobSpec spec) {
    return new RoundJob(JobKey.REFERENCE_RUN, 1, files, spec, Optional.empty(), ServerState.EMPTY);
  }

  JobKey key(String file) {
    return new JobKey(runId, round, file);
  }
}
