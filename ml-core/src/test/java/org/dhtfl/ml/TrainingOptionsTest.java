package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingOptionsTest {

  @Test
  void theDefaultsAreTheReferencesSettings() {
    assertThat(TrainingOptions.defaults())
        .isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 25, false, 1, 0));
  }

  @Test
  void eachWithMethodChangesOnlyItsOwnSetting() {
    TrainingOptions d = TrainingOptions.defaults();

    assertThat(d.withEpochs(1000)).isEqualTo(new TrainingOptions(1000, 1e-4, 0.7, true, 0.2, 25, false, 1, 0));
    assertThat(d.withEta(0.05)).isEqualTo(new TrainingOptions(250, 0.05, 0.7, true, 0.2, 25, false, 1, 0));
    assertThat(d.withMomentum(0)).isEqualTo(new TrainingOptions(250, 1e-4, 0, true, 0.2, 25, false, 1, 0));
    assertThat(d.withEarlyStop(false)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, false, 0.2, 25, false, 1, 0));
    assertThat(d.withEarlyStopDelta(1)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 1, 25, false, 1, 0));
    assertThat(d.withEarlyStopMinEpochs(3)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 3, false, 1, 0));
    assertThat(d.withEtaPerRow(true)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 25, true, 1, 0));
    assertThat(d.withThreads(4)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 25, false, 4, 0));
    assertThat(d.withMu(0.01)).isEqualTo(new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 25, false, 1, 0.01));
  }

  @Test
  void aPerRowEtaIsDividedByTheRows() {
    assertThat(TrainingOptions.defaults().withEta(0.05).withEtaPerRow(true).effectiveEta(500)).isEqualTo(1e-4);
    assertThat(TrainingOptions.defaults().effectiveEta(500)).isEqualTo(1e-4);
  }

  @Test
  void settingsOutOfRangeAreRefusedNamingTheValue() {
    TrainingOptions d = TrainingOptions.defaults();

    assertThatThrownBy(() -> d.withEpochs(0)).hasMessageContaining("epochs 0");
    assertThatThrownBy(() -> d.withEta(0)).hasMessageContaining("eta 0.0");
    assertThatThrownBy(() -> d.withEta(Double.NaN)).hasMessageContaining("eta NaN");
    assertThatThrownBy(() -> d.withMomentum(1)).hasMessageContaining("momentum 1.0");
    assertThatThrownBy(() -> d.withMomentum(-0.1)).hasMessageContaining("momentum -0.1");
    assertThatThrownBy(() -> d.withEarlyStopDelta(-1)).hasMessageContaining("earlyStopDelta -1.0");
    assertThatThrownBy(() -> d.withEarlyStopMinEpochs(0)).hasMessageContaining("earlyStopMinEpochs 0");
    assertThatThrownBy(() -> d.withThreads(0)).hasMessageContaining("threads 0");
    assertThatThrownBy(() -> d.withMu(-0.5)).hasMessageContaining("mu -0.5");
    assertThatThrownBy(() -> d.withThreads(TrainingOptions.MAX_THREADS + 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
