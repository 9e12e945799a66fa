package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelKindTest {

  @Test
  void parseAcceptsEitherNameInAnyCase() {
    assertThat(ModelKind.parse("mlp")).isEqualTo(ModelKind.MLP);
    assertThat(ModelKind.parse("MLP")).isEqualTo(ModelKind.MLP);
    assertThat(ModelKind.parse("Logistic")).isEqualTo(ModelKind.LOGISTIC);
  }

  @Test
  void parseRefusesAnyOtherNameNamingIt() {
    assertThatThrownBy(() -> ModelKind.parse("svm"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("model kind 'svm' is not one of mlp, logistic");
  }

  @Test
  void theLabelIsWhatParseAccepts() {
    for (ModelKind kind : ModelKind.values()) {
      assertThat(ModelKind.parse(kind.label())).isEqualTo(kind);
    }
  }
}
