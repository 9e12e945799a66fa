package org.dhtfl.client.calibration;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.dhtfl.client.rounds.FileQueries;
import org.dhtfl.client.rounds.QueryRing;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.ml.calibration.DiscriminantHead;
import org.dhtfl.rpc.RemoteException;

/**
 * Classifier calibration ({@code client --calibrate-head}) over the ring: the owner of every file
 * sends the class statistics of the file's rows under each model to refit (per class the count, the
 * sum of the features the output layer sees and the sum of their outer products, never a row); the
 * statistics of all files add up, and {@link DiscriminantHead} fits an output layer to them. Then the
 * owners count, on the same rows, how many each candidate classifies right: the model kept so far,
 * each model to refit, and its refit head. The candidate of fewest mistakes on the nodes' own
 * training rows is chosen, the first of equals; the validation file plays no part.
 */
public final class HeadCalibrator {

  private final FileQueries queries;
  private final double minFraction;
  private final Scaling scaling;

  /** @param minFraction the share of the files whose owners must answer, as for a round (--min-fraction) */
  public HeadCalibrator(FileQueries queries, double minFraction) {
    this(queries, minFraction, Scaling.NONE);
  }

  /** For models whose inputs are scaled by {@code scaling}, which the owners apply to the rows first. */
  public HeadCalibrator(FileQueries queries, double minFraction, Scaling scaling) {
    this.queries = Objects.requireNonNull(queries, "queries");
    this.minFraction = minFraction;
    this.scaling = Objects.requireNonNull(scaling, "scaling");
  }

  /**
   * Refits the head of every model of {@code refit} and chooses among them, their refit heads and
   * {@code kept}, in that order of precedence among equals.
   *
   * @throws RoundFailed when fewer than the minimum share of the files answered
   */
  public Calibration calibrate(int round, List<String> files, List<Candidate> refit, Optional<Candidate> kept)
      throws IOException, RemoteException, InterruptedException, RoundFailed {
    if (refit.isEmpty()) {
      throw new IllegalArgumentException("no model to refit");
    }
    ModelShape shape = refit.get(0).model().shape();
    List<Weights> models = refit.stream().map(Candidate::model).toList();
    FileQueries.Answers<List<ClassStatistics>> statistics = queries.ask(files, f -> query(f, shape, models),
        QueryRing::statistics, (answer, rows) -> statistics(answer, shape, models.size(), rows));
    enough(round, "class statistics", statistics, files);

    List<Candidate> candidates = new ArrayList<>();
    kept.ifPresent(candidates::add);
    List<String> notes = new ArrayList<>();
    for (int m = 0; m < refit.size(); m++) {
      Candidate model = refit.get(m);
      candidates.add(model);
      ClassStatistics all = null;
      for (List<ClassStatistics> perModel : statistics.answered().values()) {
        all = all == null ? perModel.get(m) : all.plus(perModel.get(m));
      }
      try {
        candidates.add(model.refit(DiscriminantHead.fit(model.model(), all)));
      } catch (IllegalArgumentException | ArithmeticException e) {
        notes.add("no refit head for the " + model.label() + ": " + e.getMessage());
      }
    }

    List<Weights> scored = candidates.stream().map(Candidate::model).toList();
    FileQueries.Answers<ModelScores> scores = queries.ask(files, f -> query(f, shape, scored), QueryRing::scores,
        (answer, rows) -> scores(answer, scored.size(), rows));
    enough(round, "scores", scores, files);
    long[] correct = new long[candidates.size()];
    long rows = 0;
    for (ModelScores s : scores.answered().values()) {
      for (int c = 0; c < correct.length; c++) {
        correct[c] += s.correct().get(c);
      }
      rows += s.rows();
    }
    List<Calibration.Scored> results = new ArrayList<>();
    int chosen = 0;
    for (int c = 0; c < correct.length; c++) {
      results.add(new Calibration.Scored(candidates.get(c), correct[c], rows));
      if (correct[c] > correct[chosen]) {
        chosen = c;
      }
    }
    Map<String, String> failures = new LinkedHashMap<>(statistics.failed());
    scores.failed().forEach(failures::putIfAbsent);
    return new Calibration(results, chosen, scores.answered().size(), failures, notes);
  }

  private FileQuery query(String file, ModelShape shape, List<Weights> models) {
    List<WeightRows> rows = models.stream()
        .map(w -> new WeightRows(shape.kind().label(), w.vRows(), w.wRows())).toList();
    return new FileQuery(file, shape.kind().label(), rows, Optional.empty(), scaling);
  }

  /** The statistics an owner sent, per model; fails saying why they do not fit the models or the file. */
  private static List<ClassStatistics> statistics(List<ClassSums> answer, ModelShape shape, int models, int rows) {
    if (answer.size() != models) {
      throw new IllegalArgumentException("statistics of " + answer.size() + " models, " + models + " asked");
    }
    int features = ClassStatistics.featureCount(shape);
    List<ClassStatistics> all = new ArrayList<>();
    for (ClassSums sums : answer) {
      ClassStatistics stats = ClassStatistics.of(sums.counts(), sums.sums(), sums.outer());
      if (stats.classes() != shape.classes() || stats.features() != features) {
        throw new IllegalArgumentException("statistics of " + stats.classes() + " classes and " + stats.features()
            + " features, the model " + shape + " has " + shape.classes() + " and " + features);
      }
      if (stats.rows() != rows) {
        throw new IllegalArgumentException("statistics of " + stats.rows() + " rows, the file has " + rows);
      }
      all.add(stats);
    }
    return all;
  }

  /** The scores an owner sent; fails saying why they do not fit the candidates or the file. */
  private static ModelScores scores(ModelScores answer, int candidates, int rows) {
    if (answer.correct().size() != candidates || answer.rows() != rows) {
      throw new IllegalArgumentException("scores of " + answer.correct().size() + " models on " + answer.rows()
          + " rows, " + candidates + " asked on the file's " + rows);
    }
    for (long c : answer.correct()) {
      if (c < 0 || c > rows) {
        throw new IllegalArgumentException(c + " rows right of " + rows);
      }
    }
    return answer;
  }

  private void enough(int round, String what, FileQueries.Answers<?> answers, List<String> files) throws RoundFailed {
    int answered = answers.answered().size();
    if (answered == 0 || (double) answered / files.size() < minFraction) {
      String first = answers.failed().entrySet().stream().findFirst().map(e -> "; " + e.getKey() + ": " + e.getValue())
          .orElse("");
      throw new RoundFailed(String.format(Locale.ROOT, "round %d: head calibration: %d of %d files sent their %s, "
          + "fewer than --min-fraction %.2f%s", round, answered, files.size(), what, minFraction, first));
    }
  }
}
