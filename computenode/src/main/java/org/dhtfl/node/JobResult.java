package org.dhtfl.node;

import java.util.Objects;
import java.util.Optional;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Weights;

/**
 * One file's training as its owner reports it. For DONE: the weight change (trained minus the
 * start weights drawn from {@code seed} with {@code init}), the training error, rows and epochs; for FAILED and
 * NOT_FOUND: the reason.
 */
public record JobResult(
    String filename, JobStatus status, Optional<Weights> delta, double errorRate, int rows, int epochs,
    long trainMillis, int trainedBy, long seed, StartWeights init, String reason) {

  public JobResult {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(reason, "reason");
    if (status == JobStatus.DONE && delta.isEmpty()) {
      throw new IllegalArgumentException("a finished job of " + filename + " needs its weight change");
    }
  }

  public static JobResult waiting(String filename, int node) {
    return new JobResult(filename, JobStatus.WAIT, Optional.empty(), 0, 0, 0, 0, node, 0, StartWeights.GLIBC, "");
  }

  public static JobResult notFound(String filename, int node, String reason) {
    return new JobResult(filename, JobStatus.NOT_FOUND, Optional.empty(), 0, 0, 0, 0, node, 0, StartWeights.GLIBC, reason);
  }

  public static JobResult failed(String filename, int node, String reason) {
    return new JobResult(filename, JobStatus.FAILED, Optional.empty(), 0, 0, 0, 0, node, 0, StartWeights.GLIBC, reason);
  }
}
