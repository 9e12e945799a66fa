package org.dhtfl.ml.federated;

import java.util.List;
import java.util.Locale;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * The coordinate-wise trimmed mean (Yin et al. 2018): in each coordinate, the k = floor(trim * n)
 * highest and k lowest values are dropped and the rest averaged, each result counted once.
 */
final class TrimmedMean implements DeltaAggregator {

  private final double trim;

  /** @param trim the fraction dropped at each end, in [0, 0.5) */
  TrimmedMean(double trim) {
    if (!(trim >= 0 && trim < 0.5)) {
      throw new IllegalArgumentException("trim " + trim + " must be in [0, 0.5)");
    }
    this.trim = trim;
  }

  @Override
  public Weights combine(ModelShape shape, List<ClientResult> results) {
    int n = results.size();
    int k = (int) Math.floor(trim * n);
    return Coordinates.combine(shape, results, sorted -> Coordinates.mean(sorted, k, n - k));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "trimmed mean (trim %s)", trim);
  }
}
