package org.dhtfl.rpc;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.DoubleBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.Matrix;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.TrainSpec;

/**
 * Between the job values (key, spec, request, result) and the wire's JobKey, TrainSpec, Job and
 * Model. Incoming structs are validated: a missing or out-of-range field fails with an
 * IllegalArgumentException that names it.
 *
 * <p>Weights go out in the compact form ({@link Matrix}: one binary of doubles) everywhere but in
 * the reference's get_model ({@link #toReference}), which answers lists of boxed doubles as the
 * reference does; they come in in either form.
 */
public final class JobWire {

  private JobWire() {
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

  public static org.dhtfl.thrift.HeldJob toThrift(HeldJob held) {
    org.dhtfl.thrift.HeldJob out = new org.dhtfl.thrift.HeldJob(toThrift(held.key()), held.state().wireName());
    held.trainedBy().ifPresent(out::setTrained_by);
    return out;
  }

  /** The jobs a ring state lists; none when the node did not say (a node older than the field). */
  public static List<HeldJob> held(org.dhtfl.thrift.RingState state) {
    List<HeldJob> out = new ArrayList<>();
    if (state.isSetHeld()) {
      for (org.dhtfl.thrift.HeldJob held : state.getHeld()) {
        out.add(new HeldJob(fromThrift(held.getKey()), HeldJob.State.parse(held.getState()),
            held.isSetTrained_by() ? OptionalInt.of(held.getTrained_by()) : OptionalInt.empty()));
      }
    }
    return out;
  }

  /** The ring state with the jobs the node holds. */
  public static org.dhtfl.thrift.RingState withHeld(org.dhtfl.thrift.RingState state, List<HeldJob> held) {
    List<org.dhtfl.thrift.HeldJob> wire = new ArrayList<>(held.size());
    held.forEach(h -> wire.add(toThrift(h)));
    return state.setHeld(wire);
  }

  public static TrainSpec toThrift(JobSpec spec) {
    TrainSpec out = new TrainSpec(spec.model(), spec.hidden(), spec.classes(), spec.epochs(), spec.eta(),
        spec.momentum(), spec.earlyStop(), spec.etaPerRow());
    out.setSeed(spec.seed());
    out.setInit(spec.init());
    if (spec.mu() != 0) {
      out.setMu(spec.mu());
    }
    if (!spec.layers().isEmpty()) {
      out.setLayers(spec.layers());
    }
    if (spec.batch() != 0) {
      out.setBatch(spec.batch());
    }
    if (!spec.optimizer().equals(JobSpec.DEFAULT_OPTIMIZER)) {
      out.setOptimizer(spec.optimizer());
    }
    if (spec.scaling().present()) {
      out.setFeature_mean(spec.scaling().mean());
      out.setFeature_scale(spec.scaling().scale());
    }
    return out;
  }

  /** The scaling the wire's lists give (none when both are absent); fails naming a missing value. */
  public static Scaling scaling(List<Double> mean, List<Double> scale) {
    if (mean == null && scale == null) {
      return Scaling.NONE;
    }
    if (mean == null || scale == null) {
      throw new IllegalArgumentException((mean == null ? "feature_mean" : "feature_scale") + " is missing while "
          + (mean == null ? "feature_scale" : "feature_mean") + " is set");
    }
    for (int i = 0; i < mean.size(); i++) {
      if (mean.get(i) == null) {
        throw new IllegalArgumentException("feature_mean[" + i + "] is missing");
      }
    }
    for (int i = 0; i < scale.size(); i++) {
      if (scale.get(i) == null) {
        throw new IllegalArgumentException("feature_scale[" + i + "] is missing");
      }
    }
    return new Scaling(mean, scale);
  }

  public static JobSpec fromThrift(TrainSpec spec) {
    if (spec == null) {
      throw new IllegalArgumentException("training spec is missing");
    }
    return new JobSpec(spec.getModel() == null ? "" : spec.getModel(), spec.getHidden(), spec.getClasses(),
        spec.getEpochs(), spec.getEta(), spec.getMomentum(), spec.isEarly_stop(), spec.isEta_per_row(),
        spec.isSetSeed() ? spec.getSeed() : 1, spec.isSetInit() ? spec.getInit() : JobResult.DEFAULT_INIT,
        spec.isSetMu() ? spec.getMu() : 0, layers(spec), spec.isSetBatch() ? spec.getBatch() : 0,
        spec.isSetOptimizer() && spec.getOptimizer() != null ? spec.getOptimizer() : JobSpec.DEFAULT_OPTIMIZER,
        scaling(spec.getFeature_mean(), spec.getFeature_scale()));
  }

  private static List<Integer> layers(TrainSpec spec) {
    if (!spec.isSetLayers()) {
      return List.of();
    }
    List<Integer> layers = spec.getLayers();
    if (layers.size() > JobSpec.MAX_LAYERS) {
      throw new IllegalArgumentException("layers: " + layers.size() + " given, at most " + JobSpec.MAX_LAYERS);
    }
    for (int i = 0; i < layers.size(); i++) {
      if (layers.get(i) == null) {
        throw new IllegalArgumentException("layers[" + i + "] is missing");
      }
    }
    return layers;
  }

  public static Job toThrift(JobRequest request) {
    Job job = new Job();
    job.setKey(toThrift(request.key()));
    job.setSpec(toThrift(request.spec()));
    request.start().ifPresent(w -> job.setStart(weights(w)));
    request.data().ifPresent(job::setData);
    if (request.retrain()) {
      job.setRetrain(true);
    }
    request.secret().ifPresent(s -> job.setRun_secret(s.value()));
    return job;
  }

  /** A job as a request; JobRequest checks that the data fit {@link JobRequest#MAX_DATA_BYTES}. */
  public static JobRequest fromThrift(Job job) {
    if (job == null) {
      throw new IllegalArgumentException("job is missing");
    }
    JobKey key = fromThrift(job.getKey());
    JobSpec spec = fromThrift(job.getSpec());
    Optional<WeightRows> start = Optional.empty();
    if (job.isSetStart()) {
      start = Optional.of(weights(spec.model(), "start", job.getStart()));
    }
    Optional<byte[]> data = job.isSetData() ? Optional.of(job.getData()) : Optional.empty();
    return new JobRequest(key, spec, start, data, job.isSetRetrain() && job.isRetrain(),
        secret(job.getRun_secret()));
  }

  /** A copy token as the wire carries it, in hex (absent: null); fails on one that is not hex. */
  public static Optional<byte[]> copyToken(String wire) {
    if (wire == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(HexFormat.of().parseHex(wire));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("copy_token is not hex", e);
    }
  }

  /** The wire's form of a copy token. */
  public static String copyToken(byte[] token) {
    return HexFormat.of().formatHex(token);
  }

  /** A run's secret as the wire carries it (absent: null); fails on one that is no secret, without repeating it. */
  public static Optional<RunSecret> secret(String wire) {
    return wire == null ? Optional.empty() : Optional.of(RunSecret.of(wire));
  }

  /** The wire's form of a run's secret: null when there is none. */
  public static String secret(Optional<RunSecret> secret) {
    return secret.map(RunSecret::value).orElse(null);
  }

  /** A result as every dhtfl call answers it: the weight change in compact form. */
  public static Model toThrift(JobResult result) {
    Model model = withoutWeights(result);
    result.delta().ifPresent(delta -> {
      model.setPacked_V(packed(delta.v()));
      model.setPacked_W(packed(delta.w()));
    });
    return model;
  }

  /** A result as the reference's get_model answers it: the weight change as lists of rows. */
  public static Model toReference(JobResult result) {
    Model model = withoutWeights(result);
    result.delta().ifPresent(delta -> {
      model.setV(rows(delta.v()));
      model.setW(rows(delta.w()));
    });
    return model;
  }

  private static Model withoutWeights(JobResult result) {
    Model model = new Model();
    model.setStatus(result.status().wireName());
    model.setError_rate(result.errorRate());
    result.trainedBy().ifPresent(model::setTrained_by);
    if (!result.reason().isEmpty()) {
      model.setReason(result.reason());
    }
    result.delta().ifPresent(delta -> {
      model.setModel(delta.model());
      model.setSeed(result.seed());
      model.setInit(result.init());
      model.setRows(result.rows());
      model.setEpochs(result.epochs());
      model.setTrain_ms(result.trainMillis());
    });
    return model;
  }

  /**
   * Reads a Model as the result for {@code filename}; a "done" model must carry V and W, as lists
   * with every value present or in compact form (their shape is the trainer's to check).
   */
  public static JobResult fromThrift(String filename, Model model) {
    if (model == null) {
      throw new IllegalArgumentException("model is missing");
    }
    JobStatus status = JobStatus.parse(model.getStatus());
    OptionalInt by = model.isSetTrained_by() ? OptionalInt.of(model.getTrained_by()) : OptionalInt.empty();
    String reason = model.isSetReason() ? model.getReason() : "";
    if (status != JobStatus.DONE) {
      return JobResult.unfinished(filename, status, by, reason);
    }
    WeightRows delta = new WeightRows(model.isSetModel() ? model.getModel() : "mlp",
        matrix("V", model.getV(), model.getPacked_V()), matrix("W", model.getW(), model.getPacked_W()));
    return new JobResult(filename, status, Optional.of(delta), model.getError_rate(),
        model.isSetRows() ? model.getRows() : 0, model.isSetEpochs() ? model.getEpochs() : 0,
        model.isSetTrain_ms() ? model.getTrain_ms() : 0, by, model.isSetSeed() ? model.getSeed() : 1,
        model.isSetInit() ? model.getInit() : JobResult.DEFAULT_INIT, reason);
  }

  /** Weights as the wire carries them: in compact form. */
  public static org.dhtfl.thrift.Weights weights(WeightRows rows) {
    return new org.dhtfl.thrift.Weights().setPacked_V(packed(rows.v())).setPacked_W(packed(rows.w()));
  }

  /** The weights of a model of this kind from the wire, in either form; {@code name} names them in errors. */
  public static WeightRows weights(String kind, String name, org.dhtfl.thrift.Weights weights) {
    return new WeightRows(kind, matrix(name + ".V", weights.getV(), weights.getPacked_V()),
        matrix(name + ".W", weights.getW(), weights.getPacked_W()));
  }

  /**
   * A matrix the wire carries as lists or in compact form (exactly one of them); fails naming what is
   * missing or does not add up.
   */
  public static double[][] matrix(String name, List<List<Double>> rows, Matrix packed) {
    if (packed == null && rows == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    if (packed == null) {
      return matrix(name, rows);
    }
    if (rows != null) {
      throw new IllegalArgumentException(name + " is given both as lists and in compact form");
    }
    return matrix(name, packed);
  }

  /** The compact form of a matrix: its runs of rows of one width, then its values. */
  public static Matrix packed(double[][] matrix) {
    List<Integer> runRows = new ArrayList<>();
    List<Integer> runWidths = new ArrayList<>();
    int values = 0;
    for (int i = 0; i < matrix.length; i++) {
      int width = matrix[i].length;
      int last = runWidths.size() - 1;
      if (last >= 0 && runWidths.get(last) == width) {
        runRows.set(last, runRows.get(last) + 1);
      } else {
        runRows.add(1);
        runWidths.add(width);
      }
      values = Math.addExact(values, width);
    }
    ByteBuffer bytes = ByteBuffer.allocate(Math.multiplyExact(values, Double.BYTES));
    DoubleBuffer doubles = bytes.asDoubleBuffer();
    for (double[] row : matrix) {
      doubles.put(row);
    }
    Matrix packed = new Matrix().setRows(runRows).setWidths(runWidths);
    packed.values = bytes;   // the generated setter and constructor would copy the bytes once more
    return packed;
  }

  /** A matrix from its compact form; fails naming a missing part or runs that do not match the values. */
  public static double[][] matrix(String name, Matrix packed) {
    if (packed.getRows() == null || packed.getWidths() == null || packed.values == null) {
      throw new IllegalArgumentException(name + " lacks its " + (packed.getRows() == null ? "rows"
          : packed.getWidths() == null ? "widths" : "values"));
    }
    List<Integer> runRows = packed.getRows();
    List<Integer> runWidths = packed.getWidths();
    if (runRows.size() != runWidths.size()) {
      throw new IllegalArgumentException(name + " has " + runRows.size() + " runs of rows and " + runWidths.size()
          + " widths");
    }
    // Read in place (bufferForValues would copy them): a view of the values, which stay as they are.
    ByteBuffer bytes = packed.values.duplicate().order(ByteOrder.BIG_ENDIAN);
    long rowCount = 0;
    long valueCount = 0;
    for (int r = 0; r < runRows.size(); r++) {
      Integer rows = runRows.get(r);
      Integer width = runWidths.get(r);
      // Every run holds values, so the rows allocated are bounded by the bytes received.
      if (rows == null || width == null || rows < 1 || width < 1) {
        throw new IllegalArgumentException(name + " run " + r + ": " + rows + " rows of width " + width
            + "; a run is at least one row of at least one value");
      }
      rowCount += rows;
      valueCount += (long) rows * width;
      if (valueCount * Double.BYTES > bytes.remaining()) {   // refused before the sum can overflow
        throw new IllegalArgumentException(name + ": its first " + (r + 1) + " runs hold more values than its "
            + bytes.remaining() + " bytes");
      }
    }
    if (valueCount * Double.BYTES != bytes.remaining()) {
      throw new IllegalArgumentException(name + ": its runs hold " + valueCount + " values (" + valueCount * Double.BYTES
          + " bytes), its values " + bytes.remaining() + " bytes");
    }
    double[][] out = new double[(int) rowCount][];
    DoubleBuffer doubles = bytes.asDoubleBuffer();
    int i = 0;
    for (int r = 0; r < runRows.size(); r++) {
      for (int k = 0; k < runRows.get(r); k++) {
        out[i] = new double[runWidths.get(r)];
        doubles.get(out[i]);
        i++;
      }
    }
    return out;
  }

  /** A matrix from the wire's rows; fails naming the first missing row or value. */
  public static double[][] matrix(String name, List<List<Double>> rows) {
    if (rows == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    double[][] out = new double[rows.size()][];
    for (int i = 0; i < out.length; i++) {
      List<Double> row = rows.get(i);
      if (row == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is missing");
      }
      out[i] = new double[row.size()];
      for (int j = 0; j < out[i].length; j++) {
        Double value = row.get(j);
        if (value == null) {
          throw new IllegalArgumentException(name + "[" + i + "][" + j + "] is missing");
        }
        out[i][j] = value;
      }
    }
    return out;
  }

  /** The wire's rows of a matrix. */
  public static List<List<Double>> rows(double[][] matrix) {
    List<List<Double>> out = new ArrayList<>(matrix.length);
    for (double[] row : matrix) {
      List<Double> list = new ArrayList<>(row.length);
      for (double value : row) {
        list.add(value);
      }
      out.add(list);
    }
    return out;
  }
}
