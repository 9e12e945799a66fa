package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientFailureTest {

  @Test
  void aFailureSaysWhoFailedAndWhy() {
    ClientFailure failure = new ClientFailure("node 51", "timed out after 30 s");

    assertThat(failure.source()).isEqualTo("node 51");
    assertThat(failure.reason()).isEqualTo("timed out after 30 s");
    assertThatThrownBy(() -> new ClientFailure("node 51", null)).isInstanceOf(NullPointerException.class);
  }
}
