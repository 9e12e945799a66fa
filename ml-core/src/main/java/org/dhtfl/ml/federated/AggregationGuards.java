package org.dhtfl.ml.federated;

import java.util.List;
import java.util.Objects;
import org.dhtfl.ml.Weights;

/** The checks every {@link AggregationStrategy} applies to its input, written once. */
final class AggregationGuards {
  private AggregationGuards() {
  }

  /** Fails unless everything is present and every result has the global model's shape. */
  static void check(Weights global, List<ClientResult> results, List<ClientFailure> failures) {
    Objects.requireNonNull(global, "global");
    Objects.requireNonNull(results, "results");
    Objects.requireNonNull(failures, "failures");
    for (int i = 0; i < results.size(); i++) {
      ClientResult result = Objects.requireNonNull(results.get(i), "result " + i);
      if (!result.delta().shape().equals(global.shape())) {
        throw new IllegalArgumentException("result from " + result.source() + " has shape "
            + result.delta().shape() + ", the global model " + global.shape());
      }
    }
    for (int i = 0; i < failures.size(); i++) {
      Objects.requireNonNull(failures.get(i), "failure " + i);
    }
  }
}
