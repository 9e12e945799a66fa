package org.dhtfl.client.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import org.dhtfl.jobs.JobSpec;
import org.dhtfl.ml.TrainingConfig;
import org.junit.jupiter.api.Test;

class JobValuesTest {

  @Test
  void theSpecCarriesFedProxsProximalTermAndNoneByDefault() {
    TrainingConfig d = TrainingConfig.defaults();
    TrainingConfig prox = new TrainingConfig(d.kind(), d.hidden(), d.classes(), d.seed(), d.options().withMu(0.01),
        d.init());

    JobSpec spec = JobValues.spec(prox);

    assertThat(spec.mu()).isEqualTo(0.01);
    assertThat(spec).isEqualTo(new JobSpec("mlp", 20, 26, 250, 1e-4, 0.7, true, false, 1, "glibc", 0.01));
    assertThat(JobValues.spec(d).mu()).isZero();
  }
}
