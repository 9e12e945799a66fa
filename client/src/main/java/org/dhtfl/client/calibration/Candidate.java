package org.dhtfl.client.calibration;

import java.util.Objects;
import org.dhtfl.ml.Weights;

/**
 * A model the run may deliver, named as the report names it: "start model", "round 3 model" (the
 * trained head), "round 3 model, refit head".
 */
public record Candidate(String label, Weights model) {

  public Candidate {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(model, "model");
  }

  /** This candidate's hidden layer under the output layer given. */
  Candidate refit(Weights refit) {
    return new Candidate(label + ", refit head", refit);
  }
}
