package org.dhtfl.node;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;

/**
 * Between a job's spec and start weights as the wire carries them and the trainer's own values.
 * A spec the trainer cannot train (an unknown model or random source, a start that does not fit
 * the model) fails with an IllegalArgumentException that says why.
 */
public final class TrainingSpecs {

  private TrainingSpecs() {
  }

  /** What the spec trains; fails naming an unknown model kind or random source, or a size out of range. */
  public static TrainingConfig config(JobSpec spec) {
    ModelKind kind = ModelKind.parse(spec.model());
    TrainingOptions options = TrainingOptions.defaults().withEpochs(spec.epochs()).withEta(spec.eta())
        .withMomentum(spec.momentum()).withEarlyStop(spec.earlyStop()).withEtaPerRow(spec.etaPerRow())
        .withMu(spec.mu()).withBatch(spec.batch()).withOptimizer(Optimizer.parse(spec.optimizer()));
    return new TrainingConfig(kind, kind == ModelKind.MLP ? spec.hiddenLayers() : List.of(), spec.classes(),
        spec.seed(), options, StartWeights.parse(spec.init()), standardization(spec.scaling()));
  }

  /** The scaling of the inputs the wire names; fails naming a value that is not finite or a scale that is not positive. */
  public static Optional<Standardization> standardization(Scaling scaling) {
    if (!scaling.present()) {
      return Optional.empty();
    }
    double[] mean = scaling.mean().stream().mapToDouble(Double::doubleValue).toArray();
    double[] scale = scaling.scale().stream().mapToDouble(Double::doubleValue).toArray();
    return Optional.of(new Standardization(mean, scale));
  }

  /** The job's start weights, checked against its spec; empty when the job carries none. */
  public static Optional<Weights> start(JobRequest request, TrainingConfig config) {
    if (request.start().isEmpty()) {
      return Optional.empty();
    }
    WeightRows rows = request.start().get();
    Weights weights = Weights.fromRows(ModelShape.of(config.kind(), config.layers(), rows.v(), rows.w()), rows.v(),
        rows.w());
    if (weights.shape().classes() != config.classes() || !weights.shape().layers().equals(config.layers())) {
      throw new IllegalArgumentException("start weights of shape " + weights.shape() + " do not fit the spec ("
          + config.kind() + ", " + ModelShape.layersLabel(config.layers()) + " hidden, " + config.classes()
          + " classes)");
    }
    return Optional.of(weights);
  }

  /**
   * The most multiply-adds one job may cost (rows x parameters x epochs, about two passes of
   * each): 2e11, a few minutes on one core. The reference's job costs 1.1e8.
   */
  public static final double MAX_JOB_COST = 2e11;

  /**
   * Why the job would cost more than a node takes ({@link #checkCost}), for the check when it is
   * submitted rather than when a worker starts it, so that it holds no place in the queue: where the request fixes the model (it
   * carries start weights, as every job of a federated run does), its file's rows times the model's
   * parameters times the epochs ({@code localFile}: this node's file, for a job without data). A job whose spec or start weights do not fit is left to the
   * worker, which fails it with its reason; so is a job with no start weights, whose model
   * depends on the file's columns, and which the worker checks before it trains.
   */
  static Optional<String> tooCostly(JobRequest request, Supplier<Optional<byte[]>> localFile) {
    if (request.start().isEmpty()) {
      return Optional.empty();
    }
    ModelShape shape;
    int epochs;
    try {
      TrainingConfig config = TrainingSpecs.config(request.spec());
      Optional<Weights> start = TrainingSpecs.start(request, config);
      if (start.isEmpty()) {
        return Optional.empty();
      }
      shape = start.get().shape();
      epochs = config.options().epochs();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    Optional<byte[]> data = request.data().isPresent() ? request.data() : localFile.get();
    try {
      TrainingSpecs.checkCost(data.map(TrainingSpecs::lines).orElse(0), shape, epochs);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage());
    }
  }

  /** The lines with anything but white space: the most rows the bytes can hold. */
  private static int lines(byte[] bytes) {
    int lines = 0;
    boolean content = false;
    for (byte b : bytes) {
      if (b == '\n') {
        lines += content ? 1 : 0;
        content = false;
      } else if (b > ' ') {
        content = true;
      }
    }
    return lines + (content ? 1 : 0);
  }

  /** Fails, naming the figures, when training rows on the shape for the epochs would cost too much. */
  public static void checkCost(int rows, ModelShape shape, int epochs) {
    double parameters = (double) shape.vSize() + shape.wSize();
    double cost = rows * parameters * epochs;
    if (cost > MAX_JOB_COST) {
      throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the job would cost %d rows x %.0f "
          + "parameters x %d epochs = %.2g multiply-adds, more than a node takes (%.0g)", rows, parameters, epochs,
          cost, MAX_JOB_COST));
    }
  }

  /** Fails, saying why, unless this node can train the job. */
  public static void check(JobRequest request) {
    start(request, config(request.spec()));
  }

  /**
   * Fails, saying why, unless a result's weight change is a model: a known kind, consistent
   * dimensions, finite values. A node keeps or passes on only results that are.
   */
  public static JobResult checkResult(JobResult result) {
    result.delta().ifPresent(d -> Weights.fromRows(ModelKind.parse(d.model()), d.v(), d.w()));
    return result;
  }

  /** Weights as the wire carries them. */
  public static WeightRows rows(Weights weights) {
    return new WeightRows(weights.shape().kind().label(), weights.vRows(), weights.wRows());
  }
}
