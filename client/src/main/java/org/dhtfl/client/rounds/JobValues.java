package org.dhtfl.client.rounds;

import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.Scaling;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;

/** Between the client's models and the job values the wire carries. */
public final class JobValues {

  private JobValues() {
  }

  /** What the job trains, as the wire's TrainSpec says it. */
  public static JobSpec spec(TrainingConfig config) {
    TrainingOptions o = config.options();
    return new JobSpec(config.kind().label(), config.hidden(), config.classes(), o.epochs(), o.eta(), o.momentum(),
        o.earlyStop(), o.etaPerRow(), config.seed(), config.init().label(), o.mu(),
        config.layers().size() > 1 ? config.layers() : List.of(), o.batch(), o.optimizer().label(),
        scaling(config.standardization()));
  }

  /** The scaling of the inputs as the wire carries it. */
  public static Scaling scaling(Optional<Standardization> standardization) {
    return standardization.map(s -> new Scaling(boxed(s.mean()), boxed(s.scale()))).orElse(Scaling.NONE);
  }

  private static List<Double> boxed(double[] values) {
    return java.util.Arrays.stream(values).boxed().toList();
  }

  /** The model as the wire carries it. */
  public static WeightRows rows(Weights weights) {
    return new WeightRows(weights.shape().kind().label(), weights.vRows(), weights.wRows());
  }

  /** The model the rows make; fails naming what does not fit. */
  public static Weights weights(WeightRows rows) {
    return Weights.fromRows(ModelKind.parse(rows.model()), rows.v(), rows.w());
  }

  /** The model the rows make, read as one of {@code inputs} inputs (which tells first layers of one width apart). */
  public static Weights weights(WeightRows rows, int inputs) {
    return Weights.fromRows(ModelKind.parse(rows.model()), inputs, rows.v(), rows.w());
  }
}
