package org.dhtfl.node;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;

/**
 * Answers the calibration queries about a file's rows (class_statistics, score_models): per model of
 * the query, the class statistics of the features its output layer sees, or how many rows it
 * classifies right. The rows come from the query's bytes or the node's own file; none leaves the
 * node. The work is done on the caller's thread, so it is bounded: a query whose models are no
 * models (an unknown kind, rows of the wrong length, values that are not finite), differ in shape,
 * do not fit the file, would answer with more than {@link #MAX_STATISTICS_VALUES} values or cost
 * more than {@link #MAX_COST} multiply-adds fails with an IllegalArgumentException that says why.
 */
public final class FileEvaluator {

  /** The most values the statistics of one query may hold: 8 MB on the wire, below the message limit. */
  public static final long MAX_STATISTICS_VALUES = 1_000_000;
  /**
   * The most multiply-adds one query may cost (rows x models x (parameters + features^2)): 2e10, a
   * few seconds on one core, within a caller's call timeout. The reference's file and model cost 4e5.
   */
  public static final double MAX_COST = 2e10;

  /** Where the rows come from: see {@link FileRows#read}. */
  @FunctionalInterface
  public interface Rows {
    Optional<Dataset> read(String filename, Optional<byte[]> data, int classes) throws IOException;
  }

  private final Rows rows;
  // Queries computed at once; the others wait, their runs taking turns.
  private final RunTurns computing;

  /** An evaluator that computes one query per core at once, the waiting runs in turn. */
  public FileEvaluator(Rows rows) {
    this(rows, Runtime.getRuntime().availableProcessors());
  }

  /**
   * @param atOnce queries computed at once: a query costs up to {@link #MAX_COST} and every RPC
   *     thread may bring one, so without a bound they would take the CPU that training and the
   *     ring's maintenance need
   */
  FileEvaluator(Rows rows, int atOnce) {
    if (atOnce < 1) {
      throw new IllegalArgumentException("queries at once " + atOnce + " must be at least 1");
    }
    this.rows = rows;
    this.computing = new RunTurns(atOnce);
  }

  /** Per model, the class statistics of the file's rows; empty when the node has no such file and the query none. */
  public Optional<List<ClassSums>> statistics(FileQuery query) {
    return inTurn(query, () -> computeStatistics(query));
  }

  /** Per model, how many of the file's rows it classifies right; empty as for {@link #statistics}. */
  public Optional<ModelScores> scores(FileQuery query) {
    return inTurn(query, () -> computeScores(query));
  }

  private <R> R inTurn(FileQuery query, Supplier<R> work) {
    try {
      computing.acquire(query.secret().map(RunSecret::runId).orElse(""));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to compute a query", e);
    }
    try {
      return work.get();
    } finally {
      computing.release();
    }
  }

  private Optional<List<ClassSums>> computeStatistics(FileQuery query) {
    List<Weights> models = models(query);
    ModelShape shape = models.get(0).shape();
    int features = ClassStatistics.featureCount(shape);
    long values = (long) models.size() * shape.classes() * ((long) features * features + features + 1);
    if (values > MAX_STATISTICS_VALUES) {
      throw new IllegalArgumentException("the statistics of " + models.size() + " models of shape " + shape
          + " would hold " + values + " values, more than a node sends (" + MAX_STATISTICS_VALUES + ")");
    }
    return read(query, shape, features).map(data -> {
      List<ClassSums> all = new ArrayList<>();
      for (Weights model : modelsFor(query, models, data)) {
        ClassStatistics stats = ClassStatistics.of(model, data);
        all.add(new ClassSums(stats.counts(), stats.sums(), stats.outerProducts()));
      }
      return all;
    });
  }

  private Optional<ModelScores> computeScores(FileQuery query) {
    List<Weights> models = models(query);
    return read(query, models.get(0).shape(), 0).map(data -> {
      List<Long> correct = new ArrayList<>();
      for (Weights model : modelsFor(query, models, data)) {
        correct.add(Trainer.correct(model, data));
      }
      return new ModelScores(correct, data.rows());
    });
  }

  /** The query's models, all of the first one's shape; fails naming the first that is not. */
  static List<Weights> models(FileQuery query) {
    ModelKind kind = ModelKind.parse(query.model());
    List<Weights> models = new ArrayList<>();
    for (int i = 0; i < query.models().size(); i++) {
      Weights model;
      try {
        model = Weights.fromRows(kind, query.models().get(i).v(), query.models().get(i).w());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("models[" + i + "]: " + e.getMessage(), e);
      }
      if (i > 0 && !model.shape().equals(models.get(0).shape())) {
        throw new IllegalArgumentException("models[" + i + "] is of shape " + model.shape() + ", models[0] of "
            + models.get(0).shape() + ": a query's models share one shape");
      }
      models.add(model);
    }
    return models;
  }

  /**
   * The query's models as models of the file's inputs: the rows of first layers of one width read alike as fewer
   * layers of more inputs (ModelShape.of), the same sizes, so only the file tells which. Models that are not of
   * the file's inputs either way stay as they are, for the evaluation to refuse them.
   */
  private static List<Weights> modelsFor(FileQuery query, List<Weights> models, Dataset data) {
    if (models.get(0).shape().inputs() == data.features()) {
      return models;
    }
    ModelKind kind = ModelKind.parse(query.model());
    try {
      return query.models().stream().map(m -> Weights.fromRows(kind, data.features(), m.v(), m.w())).toList();
    } catch (IllegalArgumentException e) {
      return models;
    }
  }

  /** The file's rows, checked against the cost of evaluating every model of the query on them. */
  private Optional<Dataset> read(FileQuery query, ModelShape shape, int features) {
    Optional<Dataset> data;
    try {
      data = rows.read(query.filename(), query.data(), shape.classes());
    } catch (IOException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Optional<Standardization> scaling = TrainingSpecs.standardization(query.scaling());
    if (scaling.isPresent()) {
      data = data.map(scaling.get()::apply);
    }
    data.ifPresent(d -> {
      double perRow = (double) shape.vSize() + shape.wSize() + (double) features * features;
      double cost = d.rows() * perRow * query.models().size();
      if (cost > MAX_COST) {
        throw new IllegalArgumentException(String.format(Locale.ROOT, "the query would cost %d rows x %d models x "
            + "%.0f multiply-adds = %.2g, more than a node takes (%.0g)", d.rows(), query.models().size(), perRow,
            cost, MAX_COST));
      }
    });
    return data;
  }
}
