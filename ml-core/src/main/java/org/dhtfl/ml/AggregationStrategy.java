package org.dhtfl.ml;

import java.util.List;

/**
 * Combines one round's client results into the next global model (as Flower's strategies do). Pure:
 * no state between rounds, no input is modified.
 */
public interface AggregationStrategy {

  /**
   * @param global   the model the clients started from
   * @param results  the clients that returned a delta
   * @param failures the clients that did not (for strategies that weigh them; never an error in itself)
   * @return the next global model; the given one when there are no results
   * @throws IllegalArgumentException when a result's shape does not match the global model's
   */
  Weights aggregate(Weights global, List<ClientResult> results, List<ClientFailure> failures);
}
