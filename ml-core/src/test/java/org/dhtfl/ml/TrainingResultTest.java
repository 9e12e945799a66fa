package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TrainingResultTest {
  private static final Weights ZEROS = Weights.zeros(ModelShape.mlp(1, 1, 2));

  @Test
  void aResultKeepsWhatItWasGiven() {
    TrainingResult result = new TrainingResult(ZEROS, ZEROS, 0.25, 12.5, 30, 500);

    assertThat(result.errorRate()).isEqualTo(0.25);
    assertThat(result.loss()).isEqualTo(12.5);
    assertThat(result.epochs()).isEqualTo(30);
    assertThat(result.rows()).isEqualTo(500);
  }

  @Test
  void anErrorRateOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new TrainingResult(ZEROS, ZEROS, 1.5, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("error rate 1.5");
  }

  @Test
  void aDeltaOfAnotherShapeIsRefused() {
    Weights other = Weights.zeros(ModelShape.logistic(1, 2));

    assertThatThrownBy(() -> new TrainingResult(ZEROS, other, 0, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not match");
  }

  @Test
  void noEpochsOrNoRowsAreRefused() {
    assertThatThrownBy(() -> new TrainingResult(ZEROS, ZEROS, 0, 1, 0, 1)).hasMessageContaining("epochs 0");
    assertThatThrownBy(() -> new TrainingResult(ZEROS, ZEROS, 0, 1, 1, 0)).hasMessageContaining("rows 0");
    assertThatThrownBy(() -> new TrainingResult(ZEROS, ZEROS, 0, Double.NaN, 1, 1)).hasMessageContaining("loss NaN");
  }
}
