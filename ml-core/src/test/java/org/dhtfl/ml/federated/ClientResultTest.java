package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class ClientResultTest {

  @Test
  void aResultNeedsAtLeastOneRowAndSaysWhoseItIs() {
    Weights delta = Weights.zeros(ModelShape.mlp(1, 1, 2));

    assertThat(new ClientResult("node 19", delta, 500).rows()).isEqualTo(500);
    assertThatThrownBy(() -> new ClientResult("node 19", delta, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node 19: rows 0 must be at least 1");
  }

  @Test
  void aResultNeedsASourceAndADelta() {
    assertThatThrownBy(() -> new ClientResult(null, Weights.zeros(ModelShape.mlp(1, 1, 2)), 1))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> new ClientResult("node 19", null, 1))
        .isInstanceOf(NullPointerException.class).hasMessageContaining("node 19");
  }
}
