package org.dhtfl.ml.federated;

import java.util.Objects;
import org.dhtfl.ml.Weights;

/**
 * One client's contribution to a round: the change it made to the global model and how many rows it
 * trained on.
 */
public record ClientResult(String source, Weights delta, int rows) {

  public ClientResult {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(delta, "delta of " + source);
    if (rows < 1) {
      throw new IllegalArgumentException(source + ": rows " + rows + " must be at least 1");
    }
  }
}
