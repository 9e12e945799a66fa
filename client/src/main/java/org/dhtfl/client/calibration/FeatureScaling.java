package org.dhtfl.client.calibration;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.dhtfl.client.rounds.FileQueries;
import org.dhtfl.client.rounds.QueryRing;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.rpc.RemoteException;

/**
 * The standardisation of the inputs ({@code client --standardize}) over the ring: the owner of every file
 * sends the class statistics of the file's rows under a logistic model, whose output layer sees the
 * inputs themselves: per class the count, the sum of the features and the sum of their outer products,
 * never a row. Over all files and classes, the counts, the sums and the outer products' diagonals (the
 * sums of squares) give each feature's mean and standard deviation.
 */
public final class FeatureScaling {

  private final FileQueries queries;
  private final double minFraction;

  /** @param minFraction the share of the files whose owners must answer, as for a round (--min-fraction) */
  public FeatureScaling(FileQueries queries, double minFraction) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.minFraction = minFraction;
  }

  /**
   * The standardisation of the files' rows of {@code features} features and {@code classes} classes.
   *
   * @throws RoundFailed when fewer than the minimum share of the files answered
   */
  public Standardization gather(List<String> files, int features, int classes)
      throws IOException, RemoteException, InterruptedException, RoundFailed {
    ModelShape shape = ModelShape.logistic(features, classes);
    Weights zero = Weights.zeros(shape);
    WeightRows rows = new WeightRows(shape.kind().label(), zero.vRows(), zero.wRows());
    FileQueries.Answers<ClassStatistics> answers = queries.ask(files,
        f -> new FileQuery(f, shape.kind().label(), List.of(rows), Optional.empty()), QueryRing::statistics,
        (answer, count) -> statistics(answer, shape, count));
    int answered = answers.answered().size();
    if (answered == 0 || (double) answered / files.size() < minFraction) {
      String first = answers.failed().entrySet().stream().findFirst().map(e -> "; " + e.getKey() + ": " + e.getValue())
          .orElse("");
      throw new RoundFailed(String.format(Locale.ROOT, "standardisation: %d of %d files sent their sums, fewer than "
          + "--min-fraction %.2f%s", answered, files.size(), minFraction, first));
    }
    ClassStatistics all = null;
    for (ClassStatistics stats : answers.answered().values()) {
      all = all == null ? stats : all.plus(stats);
    }
    return standardization(all);
  }

  /** Each feature's mean and deviation from the class statistics of a logistic model (its features the inputs). */
  static Standardization standardization(ClassStatistics stats) {
    int features = stats.features();
    double[] sums = new double[features];
    double[] squares = new double[features];
    for (int k = 0; k < stats.classes(); k++) {
      double[] sum = stats.sum(k);
      double[] outer = stats.outerProducts(k);
      for (int i = 0; i < features; i++) {
        sums[i] += sum[i];
        squares[i] += outer[i * features + i];
      }
    }
    return Standardization.fromSums(stats.rows(), sums, squares);
  }

  private static ClassStatistics statistics(List<ClassSums> answer, ModelShape shape, int rows) {
    if (answer.size() != 1) {
      throw new IllegalArgumentException("statistics of " + answer.size() + " models, 1 asked");
    }
    ClassSums sums = answer.get(0);
    ClassStatistics stats = ClassStatistics.of(sums.counts(), sums.sums(), sums.outer());
    if (stats.classes() != shape.classes() || stats.features() != shape.inputs()) {
      throw new IllegalArgumentException("statistics of " + stats.classes() + " classes and " + stats.features()
          + " features, asked for " + shape.classes() + " and " + shape.inputs());
    }
    if (stats.rows() != rows) {
      throw new IllegalArgumentException("statistics of " + stats.rows() + " rows, the file has " + rows);
    }
    return stats;
  }
}
