package org.dhtfl.client.rounds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.ClientResult;

/**
 * Each file's weight change bounded against the others of its round: a change whose Euclidean norm
 * is more than {@link #TIMES_MEDIAN} times the median norm of the round's changes is not averaged.
 *
 * <p>Why the median: the files of a round train the same model from the same start on shards of
 * one data set, so their changes have norms of one order; the median is what most of them are, and
 * a minority of hostile results cannot move it, where a mean or a maximum would follow them. Why a
 * norm bound rather than a check per weight: a change inside the per-weight limit can still
 * outweigh every honest one in the average, and its norm is what it adds to the model. With fewer
 * than {@link #MIN_RESULTS} changes there is no majority to compare with, and nothing is bounded.
 */
final class ChangeBound {

  /** How many times the median norm a change may have. */
  static final double TIMES_MEDIAN = 10;
  /** The fewest changes a round must have for the bound to apply. */
  static final int MIN_RESULTS = 3;

  private ChangeBound() {
  }

  /** The results beyond the bound, by file, each with the reason; empty when every change is within it. */
  static Map<String, String> beyond(List<ClientResult> results) {
    Map<String, String> beyond = new LinkedHashMap<>();
    if (results.size() < MIN_RESULTS) {
      return beyond;
    }
    List<Double> norms = new ArrayList<>();
    for (ClientResult result : results) {
      norms.add(norm(result.delta()));
    }
    double median = median(norms);
    for (int i = 0; i < results.size(); i++) {
      if (norms.get(i) > TIMES_MEDIAN * median) {
        beyond.put(results.get(i).source(), String.format(Locale.ROOT,
            "a weight change of norm %.4g, more than %.0f times the median norm %.4g of the round's %d changes",
            norms.get(i), TIMES_MEDIAN, median, results.size()));
      }
    }
    return beyond;
  }

  static double norm(Weights weights) {
    double sum = 0;
    for (double[] values : new double[][] {weights.v(), weights.w()}) {
      for (double x : values) {
        sum += x * x;
      }
    }
    return Math.sqrt(sum);
  }

  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }
}
