package org.dhtfl.ml.federated;

import java.util.Objects;
import org.dhtfl.ml.Weights;

/** What a round's aggregation gives: the next global model and the state the strategy keeps for the next round. */
public record Aggregate(Weights model, ServerState state) {

  public Aggregate {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(state, "state");
  }
}
