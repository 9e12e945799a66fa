package org.dhtfl.ml.federated;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * Krum and Multi-Krum (Blanchard et al. 2017, "Machine Learning with Adversaries: Byzantine
 * Tolerant Gradient Descent"). Of n results, at most f wrong, each gets the score of the summed
 * squared distances to its n - f - 2 nearest other results; Krum takes the result of the lowest
 * score, Multi-Krum the plain mean of the n - f lowest. Needs n >= 2f + 3. Ties go to the result
 * listed first.
 */
final class Krum implements DeltaAggregator {

  private final int byzantine;
  private final boolean multi;

  Krum(int byzantine, boolean multi) {
    if (byzantine < 0) {
      throw new IllegalArgumentException("byzantine results " + byzantine + " must be at least 0");
    }
    this.byzantine = byzantine;
    this.multi = multi;
  }

  @Override
  public Weights combine(ModelShape shape, List<ClientResult> results) {
    int n = results.size();
    if (n < 2 * byzantine + 3) {
      throw new IllegalArgumentException(name() + " with " + byzantine + " byzantine results needs at least "
          + (2 * byzantine + 3) + " results (2f + 3), the round has " + n);
    }
    double[][] deltas = results.stream().map(r -> Flat.of(r.delta())).toArray(double[][]::new);
    double[] scores = scores(deltas, n - byzantine - 2);
    List<Integer> ranked = new ArrayList<>(IntStream.range(0, n).boxed().toList());
    ranked.sort(Comparator.comparingDouble(i -> scores[i]));
    List<Integer> chosen = ranked.subList(0, multi ? n - byzantine : 1);
    double[] mean = new double[Flat.size(shape)];
    for (int i = 0; i < mean.length; i++) {
      double sum = 0;
      for (int c : chosen) {
        sum += deltas[c][i];
      }
      mean[i] = sum / chosen.size();
    }
    return Flat.weights(shape, mean);
  }

  /** Each vector's summed squared distance to its {@code neighbours} nearest others. */
  static double[] scores(double[][] vectors, int neighbours) {
    int n = vectors.length;
    double[][] distance = new double[n][n];
    for (int a = 0; a < n; a++) {
      for (int b = a + 1; b < n; b++) {
        double d = 0;
        for (int i = 0; i < vectors[a].length; i++) {
          double diff = vectors[a][i] - vectors[b][i];
          d += diff * diff;
        }
        distance[a][b] = d;
        distance[b][a] = d;
      }
    }
    double[] scores = new double[n];
    for (int a = 0; a < n; a++) {
      final int self = a;
      scores[a] = IntStream.range(0, n).filter(b -> b != self).mapToDouble(b -> distance[self][b]).sorted()
          .limit(neighbours).sum();
    }
    return scores;
  }

  private String name() {
    return multi ? "multi-krum" : "krum";
  }

  @Override
  public String toString() {
    return name() + " (f " + byzantine + ")";
  }
}
