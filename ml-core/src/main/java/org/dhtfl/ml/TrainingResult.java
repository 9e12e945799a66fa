package org.dhtfl.ml;

import java.util.Objects;

/**
 * The outcome of one training.
 *
 * @param trained   the weights after training
 * @param delta     trained minus the starting weights (what a node reports)
 * @param errorRate the fraction of training rows the trained model misclassifies
 * @param loss      the summed cross-entropy loss of the trained model on the training rows
 * @param epochs    the epochs run (fewer than asked when the early stop fired)
 * @param rows      the training rows
 */
public record TrainingResult(Weights trained, Weights delta, double errorRate, double loss, int epochs, int rows) {

  public TrainingResult {
    Objects.requireNonNull(trained, "trained");
    Objects.requireNonNull(delta, "delta");
    trained.requireSameShape(delta);
    if (!(errorRate >= 0 && errorRate <= 1)) {
      throw new IllegalArgumentException("error rate " + errorRate + " out of range 0..1");
    }
    if (!Double.isFinite(loss)) {
      throw new IllegalArgumentException("loss " + loss + " is not finite");
    }
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
    }
    if (rows < 1) {
      throw new IllegalArgumentException("rows " + rows + " must be at least 1");
    }
  }
}
