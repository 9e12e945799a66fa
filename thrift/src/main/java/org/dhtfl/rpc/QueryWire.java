package org.dhtfl.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.thrift.FileScores;
import org.dhtfl.thrift.FileStatistics;
import org.dhtfl.thrift.Weights;

/**
 * Between the calibration values (FileQuery, ClassSums, ModelScores) and the wire's FileQuery,
 * ClassStatistics, FileStatistics and FileScores. Incoming structs are checked: a missing field or
 * value, or an unknown status, fails with an IllegalArgumentException that names it.
 */
public final class QueryWire {

  private static final String DONE = JobStatus.DONE.wireName();
  private static final String NEED_DATA = SubmitAnswer.NEED_DATA.wireName();

  private QueryWire() {
  }

  public static org.dhtfl.thrift.FileQuery toThrift(FileQuery query) {
    List<Weights> models = new ArrayList<>();
    for (WeightRows rows : query.models()) {
      models.add(JobWire.weights(rows));
    }
    org.dhtfl.thrift.FileQuery out = new org.dhtfl.thrift.FileQuery(query.filename(), query.model(), models);
    query.data().ifPresent(out::setData);
    if (query.scaling().present()) {
      out.setFeature_mean(query.scaling().mean());
      out.setFeature_scale(query.scaling().scale());
    }
    query.secret().ifPresent(s -> out.setRun_secret(s.value()));
    return out;
  }

  /** The query; fails naming a missing field, a missing value of a model, or too many models. */
  public static FileQuery fromThrift(org.dhtfl.thrift.FileQuery query) {
    if (query == null) {
      throw new IllegalArgumentException("query is missing");
    }
    if (query.getFilename() == null || query.getModel() == null || query.getModels() == null) {
      throw new IllegalArgumentException("query lacks its " + (query.getFilename() == null ? "filename"
          : query.getModel() == null ? "model kind" : "models"));
    }
    List<Weights> wire = query.getModels();
    if (wire.size() > FileQuery.MAX_MODELS) {
      throw new IllegalArgumentException("models: " + wire.size() + " given; 1.." + FileQuery.MAX_MODELS + " allowed");
    }
    List<WeightRows> models = new ArrayList<>();
    for (int i = 0; i < wire.size(); i++) {
      Weights w = wire.get(i);
      if (w == null) {
        throw new IllegalArgumentException("models[" + i + "] is missing");
      }
      models.add(JobWire.weights(query.getModel(), "models[" + i + "]", w));
    }
    Optional<byte[]> data = query.isSetData() ? Optional.of(query.getData()) : Optional.empty();
    return new FileQuery(query.getFilename(), query.getModel(), models, data,
        JobWire.scaling(query.getFeature_mean(), query.getFeature_scale()), JobWire.secret(query.getRun_secret()));
  }

  public static FileStatistics statistics(FileAnswer<List<ClassSums>> answer) {
    FileStatistics out = new FileStatistics(answer.needsData() ? NEED_DATA : DONE);
    answer.node().ifPresent(out::setNode);
    answer.value().ifPresent(all -> {
      List<org.dhtfl.thrift.ClassStatistics> wire = new ArrayList<>();
      for (ClassSums sums : all) {
        List<Long> counts = new ArrayList<>();
        for (long c : sums.counts()) {
          counts.add(c);
        }
        wire.add(new org.dhtfl.thrift.ClassStatistics(counts, JobWire.rows(sums.sums()), JobWire.rows(sums.outer())));
      }
      out.setStatistics(wire);
    });
    return out;
  }

  /** The owner's statistics; fails naming an unknown status or a missing value. */
  public static FileAnswer<List<ClassSums>> fromThrift(FileStatistics answer) {
    if (answer == null) {
      throw new IllegalArgumentException("statistics are missing");
    }
    OptionalInt node = answer.isSetNode() ? OptionalInt.of(answer.getNode()) : OptionalInt.empty();
    if (isNeedData(answer.getStatus(), "class_statistics")) {
      return new FileAnswer<>(Optional.empty(), node);
    }
    if (!answer.isSetStatistics()) {
      throw new IllegalArgumentException("statistics are missing from a \"done\" answer");
    }
    List<ClassSums> all = new ArrayList<>();
    List<org.dhtfl.thrift.ClassStatistics> wire = answer.getStatistics();
    for (int i = 0; i < wire.size(); i++) {
      org.dhtfl.thrift.ClassStatistics s = wire.get(i);
      String name = "statistics[" + i + "]";
      if (s == null) {
        throw new IllegalArgumentException(name + " is missing");
      }
      all.add(new ClassSums(longs(name + ".counts", s.getCounts()), JobWire.matrix(name + ".sums", s.getSums()),
          JobWire.matrix(name + ".outer", s.getOuter())));
    }
    return new FileAnswer<>(Optional.of(all), node);
  }

  public static FileScores scores(FileAnswer<ModelScores> answer) {
    FileScores out = new FileScores(answer.needsData() ? NEED_DATA : DONE);
    answer.node().ifPresent(out::setNode);
    answer.value().ifPresent(scores -> out.setCorrect(scores.correct()).setRows(scores.rows()));
    return out;
  }

  /** The owner's scores; fails naming an unknown status or a missing value. */
  public static FileAnswer<ModelScores> fromThrift(FileScores answer) {
    if (answer == null) {
      throw new IllegalArgumentException("scores are missing");
    }
    OptionalInt node = answer.isSetNode() ? OptionalInt.of(answer.getNode()) : OptionalInt.empty();
    if (isNeedData(answer.getStatus(), "score_models")) {
      return new FileAnswer<>(Optional.empty(), node);
    }
    if (!answer.isSetCorrect() || !answer.isSetRows()) {
      throw new IllegalArgumentException((answer.isSetCorrect() ? "rows are" : "correct is")
          + " missing from a \"done\" answer");
    }
    List<Long> correct = new ArrayList<>();
    for (long c : longs("correct", answer.getCorrect())) {
      correct.add(c);
    }
    return new FileAnswer<>(Optional.of(new ModelScores(correct, answer.getRows())), node);
  }

  private static boolean isNeedData(String status, String method) {
    if (NEED_DATA.equals(status)) {
      return true;
    }
    if (DONE.equals(status)) {
      return false;
    }
    throw new IllegalArgumentException("unknown status of " + method + " '" + status + "'");
  }

  private static long[] longs(String name, List<Long> values) {
    if (values == null) {
      throw new IllegalArgumentException(name + " is missing");
    }
    long[] out = new long[values.size()];
    for (int i = 0; i < out.length; i++) {
      Long value = values.get(i);
      if (value == null) {
        throw new IllegalArgumentException(name + "[" + i + "] is missing");
      }
      out[i] = value;
    }
    return out;
  }
}
