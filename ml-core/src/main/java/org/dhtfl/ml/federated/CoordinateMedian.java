package org.dhtfl.ml.federated;

import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * The coordinate-wise median of the deltas (Yin et al. 2018): each result counts once whatever its
 * rows, so that a client cannot buy weight by claiming many; with an even count, the mean of the
 * two middle values.
 */
final class CoordinateMedian implements DeltaAggregator {

  @Override
  public Weights combine(ModelShape shape, List<ClientResult> results) {
    return Coordinates.combine(shape, results, sorted -> {
      int n = sorted.length;
      return n % 2 == 1 ? sorted[n / 2] : Coordinates.mean(sorted, n / 2 - 1, n / 2 + 1);
    });
  }

  @Override
  public String toString() {
    return "coordinate-wise median";
  }
}
