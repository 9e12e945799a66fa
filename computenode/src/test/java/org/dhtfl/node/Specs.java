package org.dhtfl.node;

import org.dhtfl.jobs.JobSpec;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;

/** The tests' trainer settings as the spec a job carries. */
public final class Specs {

  private Specs() {
  }

  public static JobSpec of(TrainingConfig config) {
    TrainingOptions o = config.options();
    return new JobSpec(config.kind().label(), config.hidden(), config.classes(), o.epochs(), o.eta(), o.momentum(),
        o.earlyStop(), o.etaPerRow(), config.seed(), config.init().label(), o.mu());
  }
}
