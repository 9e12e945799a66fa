package org.dhtfl.ml.federated;

import java.util.List;
import java.util.Objects;
import org.dhtfl.ml.Weights;

/**
 * A strategy as two parts: a {@link DeltaAggregator} combines the round's deltas into one update,
 * then a {@link ServerOptimizer} moves the global model by it. FedAvg is the row-weighted mean under
 * the plain step, FedAvgM the same mean under server momentum, and a robust aggregator may stand
 * alone (plain step) or under any server optimizer. A round without results keeps the model and the
 * state.
 */
public final class ServerStrategy implements AggregationStrategy {

  private final DeltaAggregator aggregator;
  private final ServerOptimizer optimizer;

  public ServerStrategy(DeltaAggregator aggregator, ServerOptimizer optimizer) {
    this.aggregator = Objects.requireNonNull(aggregator, "aggregator");
    this.optimizer = Objects.requireNonNull(optimizer, "optimizer");
  }

  /** Federated averaging (McMahan et al. 2017), the reference's: global + the row-weighted mean of the deltas. */
  public static ServerStrategy fedAvg() {
    return new ServerStrategy(DeltaAggregator.weightedMean(), ServerOptimizer.plain());
  }

  @Override
  public Aggregate aggregate(Weights global, ServerState state, List<ClientResult> results,
      List<ClientFailure> failures) {
    AggregationGuards.check(global, results, failures);
    Objects.requireNonNull(state, "state");
    if (results.isEmpty()) {
      return new Aggregate(global, state);
    }
    return optimizer.step(global, aggregator.combine(global.shape(), results), state);
  }

  @Override
  public String toString() {
    return aggregator + ", " + optimizer;
  }
}
