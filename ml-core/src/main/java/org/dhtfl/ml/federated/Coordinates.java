package org.dhtfl.ml.federated;

import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * Applies a function to each coordinate's sorted values across the results: the frame of the
 * coordinate-wise aggregators.
 */
final class Coordinates {
  private Coordinates() {
  }

  /**
   * @param ofSorted the aggregate of one coordinate, given that coordinate's value in every result,
   *                 sorted ascending
   */
  static Weights combine(ModelShape shape, List<ClientResult> results, ToDoubleFunction<double[]> ofSorted) {
    double[][] deltas = results.stream().map(r -> Flat.of(r.delta())).toArray(double[][]::new);
    double[] combined = new double[Flat.size(shape)];
    double[] column = new double[deltas.length];
    for (int i = 0; i < combined.length; i++) {
      for (int r = 0; r < deltas.length; r++) {
        column[r] = deltas[r][i];
      }
      Arrays.sort(column);
      combined[i] = ofSorted.applyAsDouble(column);
    }
    return Flat.weights(shape, combined);
  }

  /** The mean of sorted[from, to). */
  static double mean(double[] sorted, int from, int to) {
    double sum = 0;
    for (int i = from; i < to; i++) {
      sum += sorted[i];
    }
    return sum / (to - from);
  }
}
