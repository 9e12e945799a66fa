package org.dhtfl.ml.federated;

import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * The deltas' mean weighted by rows (Flower's {@code aggregate}): each delta times its rows, summed,
 * divided by all rows. Under the plain server step this is FedAvg, to the last bit.
 */
final class WeightedMean implements DeltaAggregator {

  @Override
  public Weights combine(ModelShape shape, List<ClientResult> results) {
    double[] sum = new double[Flat.size(shape)];
    long totalRows = 0;
    for (ClientResult result : results) {
      double[] delta = Flat.of(result.delta());
      for (int i = 0; i < sum.length; i++) {
        sum[i] += result.rows() * delta[i];
      }
      totalRows += result.rows();
    }
    for (int i = 0; i < sum.length; i++) {
      sum[i] /= totalRows;
    }
    return Flat.weights(shape, sum);
  }

  @Override
  public String toString() {
    return "mean by rows";
  }
}
