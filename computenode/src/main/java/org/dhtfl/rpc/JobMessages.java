package org.dhtfl.rpc;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.Optional;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobKey;
import org.dhtfl.node.TrainingConfig;
import org.dhtfl.node.TrainingJobs;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.TrainSpec;

/** Between training requests and the wire's Job, JobKey and TrainSpec; incoming ones are validated. */
public final class JobMessages {

  /** The largest file a job may carry. */
  public static final int MAX_DATA_BYTES = 8 << 20;

  private JobMessages() {
  }

  public static org.dhtfl.thrift.JobKey toThrift(JobKey key) {
    return new org.dhtfl.thrift.JobKey(key.runId(), key.round(), key.filename());
  }

  public static JobKey fromThrift(org.dhtfl.thrift.JobKey key) {
    if (key == null) {
      throw new IllegalArgumentException("job key is missing");
    }
    return new JobKey(key.getRun_id(), key.getRound(), key.getFilename());
  }

  public static TrainSpec toThrift(TrainingConfig config) {
    TrainingOptions o = config.options();
    TrainSpec spec = new TrainSpec(config.kind().name().toLowerCase(Locale.ROOT), config.hidden(), config.classes(),
        o.epochs(), o.eta(), o.momentum(), o.earlyStop(), o.etaPerRow());
    spec.setSeed(config.seed());
    spec.setInit(config.init().label());
    return spec;
  }

  /** Fails with IllegalArgumentException naming the field out of range. */
  public static TrainingConfig fromThrift(TrainSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("training spec is missing");
    }
    ModelKind kind = ModelKind.parse(spec.getModel() == null ? "" : spec.getModel());
    if (spec.getHidden() > 4096) {
      throw new IllegalArgumentException("hidden " + spec.getHidden() + " above the limit of 4096");
    }
    if (spec.getClasses() > 4096) {
      throw new IllegalArgumentException("classes " + spec.getClasses() + " above the limit of 4096");
    }
    if (spec.getEpochs() > 100_000) {
      throw new IllegalArgumentException("epochs " + spec.getEpochs() + " above the limit of 100000");
    }
    TrainingOptions options = TrainingOptions.defaults().withEpochs(spec.getEpochs()).withEta(spec.getEta())
        .withMomentum(spec.getMomentum()).withEarlyStop(spec.isEarly_stop()).withEtaPerRow(spec.isEta_per_row());
    return new TrainingConfig(kind, kind == ModelKind.MLP ? spec.getHidden() : 0, spec.getClasses(),
        spec.isSetSeed() ? spec.getSeed() : 1, options,
        spec.isSetInit() ? StartWeights.parse(spec.getInit()) : StartWeights.GLIBC);
  }

  public static Job toThrift(TrainingJobs.Request request) {
    Job job = new Job();
    job.setKey(toThrift(request.key()));
    job.setSpec(toThrift(request.config()));
    request.start().ifPresent(w -> job.setStart(new org.dhtfl.thrift.Weights(ModelMessages.rows(w.vRows()),
        ModelMessages.rows(w.wRows()))));
    request.data().ifPresent(bytes -> job.setData(bytes));
    return job;
  }

  /** A job as a request; the start weights must fit the spec, and the data the size limit. */
  public static TrainingJobs.Request fromThrift(Job job) {
    if (job == null) {
      throw new IllegalArgumentException("job is missing");
    }
    JobKey key = fromThrift(job.getKey());
    TrainingConfig config = fromThrift(job.getSpec());
    Optional<Weights> start = Optional.empty();
    if (job.isSetStart()) {
      double[][] v = ModelMessages.matrix("V", job.getStart().getV());
      double[][] w = ModelMessages.matrix("W", job.getStart().getW());
      Weights weights = Weights.fromRows(ModelMessages.shapeOf(config.kind(), v, w), v, w);
      if (weights.shape().classes() != config.classes()
          || config.kind() == ModelKind.MLP && weights.shape().hidden() != config.hidden()) {
        throw new IllegalArgumentException("start weights of shape " + weights.shape() + " do not fit the spec ("
            + config.kind() + ", " + config.hidden() + " hidden, " + config.classes() + " classes)");
      }
      start = Optional.of(weights);
    }
    Optional<byte[]> data = Optional.empty();
    if (job.isSetData()) {
      ByteBuffer buffer = job.bufferForData();
      if (buffer.remaining() > MAX_DATA_BYTES) {
        throw new IllegalArgumentException("the data of " + key.filename() + " has " + buffer.remaining()
            + " bytes, more than " + MAX_DATA_BYTES);
      }
      byte[] bytes = new byte[buffer.remaining()];
      buffer.get(bytes);
      data = Optional.of(bytes);
    }
    return new TrainingJobs.Request(key, config, start, data);
  }
}
