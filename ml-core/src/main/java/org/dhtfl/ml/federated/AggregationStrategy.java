package org.dhtfl.ml.federated;

import java.util.List;
import org.dhtfl.ml.Weights;

/**
 * Combines one round's client results into the next global model (as Flower's strategies do). A pure
 * function: what a strategy carries from round to round (server momentum, moments) comes in as a
 * {@link ServerState} and goes out with the model, so the caller keeps it, saves it and resumes it. No
 * input is modified.
 */
public interface AggregationStrategy {

  /**
   * @param global   the model the clients started from
   * @param state    what the strategy kept after the previous round ({@link ServerState#EMPTY} before the first)
   * @param results  the clients that returned a delta
   * @param failures the clients that did not (for strategies that weigh them; never an error in itself)
   * @return the next global model and state; the given ones when there are no results
   * @throws IllegalArgumentException when a result's shape does not match the global model's, the state
   *                                  does not belong to this strategy, or the results are too few for it
   */
  Aggregate aggregate(Weights global, ServerState state, List<ClientResult> results, List<ClientFailure> failures);
}
