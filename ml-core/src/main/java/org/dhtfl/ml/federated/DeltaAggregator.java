package org.dhtfl.ml.federated;

import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * Combines the clients' deltas of one round into one update: their mean (FedAvg), or a robust
 * estimate that a few wrong or malicious results cannot drag far. Since every client starts from
 * the same global model, a robust combination of the deltas is the same as that of the client
 * models, moved by the global model. Pure; the results are at least one and all of the shape.
 */
public interface DeltaAggregator {

  /**
   * @throws IllegalArgumentException when the results are too few for the aggregator (Krum)
   */
  Weights combine(ModelShape shape, List<ClientResult> results);

  /** The mean weighted by the results' rows (McMahan et al. 2017): FedAvg's. */
  static DeltaAggregator weightedMean() {
    return new WeightedMean();
  }

  /** The coordinate-wise median, every result counted once (Yin et al. 2018). */
  static DeltaAggregator median() {
    return new CoordinateMedian();
  }

  /** The coordinate-wise mean after dropping the {@code trim} fraction of highest and of lowest values. */
  static DeltaAggregator trimmedMean(double trim) {
    return new TrimmedMean(trim);
  }

  /** The one result closest to its n - f - 2 nearest others (Blanchard et al. 2017). */
  static DeltaAggregator krum(int byzantine) {
    return new Krum(byzantine, false);
  }

  /** The mean of the n - f results that Krum scores best (Blanchard et al. 2017, Multi-Krum). */
  static DeltaAggregator multiKrum(int byzantine) {
    return new Krum(byzantine, true);
  }
}
