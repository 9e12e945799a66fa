package org.dhtfl.client.rounds;

import java.util.Optional;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.ml.Weights;

/** What the round engine checks of a finished result before it believes it. */
final class ResultCheck {

  /**
   * The largest weight change a result may carry. The reference's training moves a weight by far
   * less than 1 per round; a change beyond this is a broken or hostile result.
   */
  static final double MAX_WEIGHT_CHANGE = 1e6;

  private ResultCheck() {
  }

  /**
   * Why a finished result does not belong to its job, if it does not: weights of another shape or
   * model kind, not finite, a training error outside [0, 1], rows other than the file has; in a
   * --rounds job (which carries its start model and spec) also another seed, start weights' source
   * or more epochs than asked. The reference job's nodes train with their own settings, so there
   * only what the file and the other results fix is checked.
   */
  static Optional<String> mismatch(RoundJob job, JobResult result, int rows) {
    Weights delta = delta(job, result);
    if (!(result.errorRate() >= 0 && result.errorRate() <= 1)) {
      return Optional.of("training error " + result.errorRate() + " is not in [0, 1]");
    }
    if (result.rows() != 0 && result.rows() != rows) {
      return Optional.of(result.rows() + " rows reported, the file has " + rows);
    }
    for (double[] values : new double[][] {delta.v(), delta.w()}) {
      for (double x : values) {
        if (!Double.isFinite(x) || Math.abs(x) > MAX_WEIGHT_CHANGE) {
          return Optional.of("a weight change of " + x + " is not finite or beyond " + MAX_WEIGHT_CHANGE);
        }
      }
    }
    if (job.start().isEmpty()) {
      return Optional.empty();
    }
    if (!delta.shape().equals(job.start().get().shape())) {
      return Optional.of("weights of shape " + delta.shape() + ", the job's model is " + job.start().get().shape());
    }
    if (result.seed() != job.spec().seed() || !result.init().equals(job.spec().init())) {
      return Optional.of("trained with seed " + result.seed() + " and " + result.init() + " start weights, the job "
          + "asked for seed " + job.spec().seed() + " and " + job.spec().init());
    }
    if (result.epochs() > job.spec().epochs()) {
      return Optional.of(result.epochs() + " epochs reported, the job asked for at most " + job.spec().epochs());
    }
    return Optional.empty();
  }

  /** The result's change, read with the inputs of the job's start model when it carries one. */
  static Weights delta(RoundJob job, JobResult result) {
    return job.start().isPresent()
        ? JobValues.weights(result.delta().orElseThrow(), job.start().get().shape().inputs())
        : JobValues.weights(result.delta().orElseThrow());
  }
}
