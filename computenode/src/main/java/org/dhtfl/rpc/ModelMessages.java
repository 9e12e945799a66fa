package org.dhtfl.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobResult;
import org.dhtfl.node.JobStatus;
import org.dhtfl.thrift.Model;

/** Between a training result and the wire's Model struct; incoming models are validated. */
public final class ModelMessages {

  private ModelMessages() {
  }

  public static Model toThrift(JobResult result) {
    Model model = new Model();
    model.setStatus(result.status().wireName());
    model.setError_rate(result.errorRate());
    model.setTrained_by(result.trainedBy());
    if (!result.reason().isEmpty()) {
      model.setReason(result.reason());
    }
    result.delta().ifPresent(delta -> {
      model.setV(rows(delta.vRows()));
      model.setW(rows(delta.wRows()));
      model.setModel(delta.shape().kind().name().toLowerCase(Locale.ROOT));
      model.setSeed(result.seed());
      model.setInit(result.init().label());
      model.setRows(result.rows());
      model.setEpochs(result.epochs());
      model.setTrain_ms(result.trainMillis());
    });
    return model;
  }

  /**
   * Reads a Model as a result for {@code filename}; a "done" model must carry V and W of
   * consistent dimensions with finite values, else IllegalArgumentException says what is wrong.
   */
  public static JobResult fromThrift(String filename, Model model) {
    JobStatus status = statusOf(model.getStatus());
    int by = model.isSetTrained_by() ? model.getTrained_by() : -1;
    String reason = model.isSetReason() ? model.getReason() : "";
    if (status != JobStatus.DONE) {
      return new JobResult(filename, status, Optional.empty(), 0, 0, 0, 0, by, 0, StartWeights.GLIBC, reason);
    }
    double[][] v = matrix("V", model.getV());
    double[][] w = matrix("W", model.getW());
    ModelKind kind = model.isSetModel() ? ModelKind.parse(model.getModel()) : ModelKind.MLP;
    Weights delta = Weights.fromRows(shapeOf(kind, v, w), v, w);
    return new JobResult(filename, status, Optional.of(delta), model.getError_rate(),
        model.isSetRows() ? model.getRows() : 0, model.isSetEpochs() ? model.getEpochs() : 0,
        model.isSetTrain_ms() ? model.getTrain_ms() : 0, by, model.isSetSeed() ? model.getSeed() : 1,
        model.isSetInit() ? StartWeights.parse(model.getInit()) : StartWeights.GLIBC, reason);
  }

  /** The shape that V and W imply: V is (H+1) x K and W is (D+1) x H, or empty for logistic. */
  public static ModelShape shapeOf(ModelKind kind, double[][] v, double[][] w) {
    if (v.length < 2 || v[0].length < 2) {
      throw new IllegalArgumentException("V has " + v.length + " rows; a model needs at least 2 rows and 2 columns");
    }
    int classes = v[0].length;
    if (kind == ModelKind.LOGISTIC) {
      return ModelShape.logistic(v.length - 1, classes);
    }
    if (w.length < 2) {
      throw new IllegalArgumentException("W has " + w.length + " rows; an MLP needs at least 2");
    }
    return ModelShape.mlp(w.length - 1, v.length - 1, classes);
  }

  private static JobStatus statusOf(String status) {
    for (JobStatus s : JobStatus.values()) {
      if (s.wireName().equals(status)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown model status '" + status + "'");
  }

  static double[][] matrix(String name, List<List<Double>> rows) {
    if (rows == null) {
      throw new IllegalArgumentException(name + " is missing from a finished model");
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

  static List<List<Double>> rows(double[][] matrix) {
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
