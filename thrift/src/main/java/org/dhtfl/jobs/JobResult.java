package org.dhtfl.jobs;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One file's training as its owner reports it (the IDL's Model). For DONE: the weight change
 * (trained minus the start weights drawn from {@code seed} with {@code init}), the training error,
 * rows and epochs; for FAILED and NOT_FOUND: the reason. {@code trainedBy} is the node that
 * answered, when one did.
 */
public record JobResult(
    String filename, JobStatus status, Optional<WeightRows> delta, double errorRate, int rows, int epochs,
    long trainMillis, OptionalInt trainedBy, long seed, String init, String reason) {

  /** The start weights' random source when a result does not name one: the reference C++ model's. */
  public static final String DEFAULT_INIT = "glibc";

  private static final String BUSY = " is busy: ";

  public JobResult {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(trainedBy, "trained by");
    Objects.requireNonNull(init, "init");
    Objects.requireNonNull(reason, "reason");
    if (status == JobStatus.DONE && delta.isEmpty()) {
      throw new IllegalArgumentException("a finished job of " + filename + " needs its weight change");
    }
  }

  public static JobResult waiting(String filename, int node) {
    return unfinished(filename, JobStatus.WAIT, OptionalInt.of(node), "");
  }

  public static JobResult notFound(String filename, int node, String reason) {
    return unfinished(filename, JobStatus.NOT_FOUND, OptionalInt.of(node), reason);
  }

  public static JobResult failed(String filename, int node, String reason) {
    return unfinished(filename, JobStatus.FAILED, OptionalInt.of(node), reason);
  }

  /** The owner's queue was full: a failure worth sending again later ({@link #isBusy}). */
  public static JobResult busy(String filename, int node, int waiting) {
    return failed(filename, node, "node " + node + BUSY + waiting + " jobs already wait");
  }

  /** The owner holds as many bytes of queued job data as it takes: worth sending again later. */
  public static JobResult busyWithData(String filename, int node, long queuedBytes) {
    return failed(filename, node, "node " + node + BUSY + (queuedBytes >> 20) + " MiB of job data already wait");
  }

  /** The run holds its share of the owner's queue (see the node's queue shares): worth sending again later. */
  public static JobResult busyForRun(String filename, int node, String share) {
    return failed(filename, node, "node " + node + BUSY + share);
  }

  /** True for the failure {@link #busy} reports: the job was turned away, not tried. */
  public boolean isBusy() {
    return status == JobStatus.FAILED && reason.contains(BUSY);
  }

  /** A failure no node reported: the client gave up on the file, or its answer was malformed. */
  public static JobResult failedHere(String filename, String reason) {
    return unfinished(filename, JobStatus.FAILED, OptionalInt.empty(), reason);
  }

  /** A result without a weight change, from the node that answered (if any). */
  public static JobResult unfinished(String filename, JobStatus status, OptionalInt node, String reason) {
    return new JobResult(filename, status, Optional.empty(), 0, 0, 0, 0, node, 0, DEFAULT_INIT, reason);
  }
}
