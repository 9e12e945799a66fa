package org.dhtfl.client.model;

import java.util.Objects;
import java.util.Optional;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Weights;

/**
 * A model as a model file holds it: the weights and, when it was trained on standardised inputs, the
 * standardisation its rows must go through first.
 */
public record StoredModel(Weights weights, Optional<Standardization> standardization) {

  public StoredModel {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(standardization, "standardization");
    standardization.ifPresent(s -> {
      if (s.features() != weights.shape().inputs()) {
        throw new IllegalArgumentException("a standardisation of " + s.features() + " features for the model "
            + weights.shape() + " of " + weights.shape().inputs() + " inputs");
      }
    });
  }

  /** Weights on raw inputs. */
  public static StoredModel raw(Weights weights) {
    return new StoredModel(weights, Optional.empty());
  }

  /** The rows as the model takes them: standardised when it says so. */
  public Dataset prepare(Dataset rows) {
    return standardization.map(s -> s.apply(rows)).orElse(rows);
  }
}
