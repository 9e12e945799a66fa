package org.dhtfl.ml;

import java.util.List;

/**
 * Federated averaging (McMahan et al. 2017; Flower's {@code aggregate}): the global model moves by the
 * average of the clients' deltas weighted by their row counts. Failures are ignored.
 */
public final class FedAvg implements AggregationStrategy {

  @Override
  public Weights aggregate(Weights global, List<ClientResult> results, List<ClientFailure> failures) {
    AggregationGuards.check(global, results, failures);
    if (results.isEmpty()) {
      return global;
    }
    ModelShape shape = global.shape();
    double[] sumV = new double[shape.vSize()];
    double[] sumW = new double[shape.wSize()];
    long totalRows = 0;
    for (ClientResult result : results) {
      addScaled(sumV, result.rows(), result.delta().vArray());
      addScaled(sumW, result.rows(), result.delta().wArray());
      totalRows += result.rows();
    }
    double[] v = global.v();
    double[] w = global.w();
    for (int i = 0; i < v.length; i++) {
      v[i] += sumV[i] / totalRows;
    }
    for (int i = 0; i < w.length; i++) {
      w[i] += sumW[i] / totalRows;
    }
    return Weights.wrap(shape, v, w);
  }

  private static void addScaled(double[] sum, double factor, double[] values) {
    for (int i = 0; i < sum.length; i++) {
      sum[i] += factor * values[i];
    }
  }

  @Override
  public String toString() {
    return "FedAvg";
  }
}
