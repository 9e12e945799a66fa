package org.dhtfl.client.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class ModelFormatExceptionTest {

  @Test
  void messageNamesTheFileAndTheLineBeforeTheDetail() {
    // Act
    ModelFormatException fault = new ModelFormatException("models/global.model", 7, "V row 0 has 3 values, expected 26");

    // Assert
    assertThat(fault).isInstanceOf(IOException.class)
        .hasMessage("models/global.model line 7: V row 0 has 3 values, expected 26");
    assertThat(fault.file()).isEqualTo("models/global.model");
    assertThat(fault.line()).isEqualTo(7);
  }

  @Test
  void aLineBeforeTheFirstIsRefused() {
    assertThatThrownBy(() -> new ModelFormatException("m", 0, "detail"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("line 0 must be at least 1");
  }
}
