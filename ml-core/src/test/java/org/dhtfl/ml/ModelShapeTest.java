package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ModelShapeTest {

  @Test
  void anMlpHasABiasRowInEachMatrix() {
    // Act
    ModelShape shape = ModelShape.mlp(16, 20, 26);

    // Assert
    assertThat(shape.vRows()).isEqualTo(21);
    assertThat(shape.vCols()).isEqualTo(26);
    assertThat(shape.wRows()).isEqualTo(17);
    assertThat(shape.wCols()).isEqualTo(20);
    assertThat(shape.vSize()).isEqualTo(21 * 26);
    assertThat(shape.wSize()).isEqualTo(17 * 20);
  }

  @Test
  void aLogisticModelHasOnlyV() {
    // Act
    ModelShape shape = ModelShape.logistic(16, 26);

    // Assert
    assertThat(shape.kind()).isEqualTo(ModelKind.LOGISTIC);
    assertThat(shape.hidden()).isZero();
    assertThat(shape.vRows()).isEqualTo(17);
    assertThat(shape.vCols()).isEqualTo(26);
    assertThat(shape.wRows()).isZero();
    assertThat(shape.wCols()).isZero();
  }

  @Test
  void noInputsIsRefused() {
    assertThatThrownBy(() -> ModelShape.mlp(0, 20, 26))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("inputs 0");
  }

  @Test
  void fewerThanTwoClassesIsRefused() {
    assertThatThrownBy(() -> ModelShape.logistic(16, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes 1");
  }

  @Test
  void anMlpWithoutHiddenUnitsIsRefused() {
    assertThatThrownBy(() -> ModelShape.mlp(16, 0, 26))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden 0");
  }

  @Test
  void aLogisticModelWithHiddenUnitsIsRefused() {
    assertThatThrownBy(() -> new ModelShape(ModelKind.LOGISTIC, 16, 20, 26))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden 20");
  }

  @Test
  void shapesAreEqualByValue() {
    assertThat(ModelShape.mlp(16, 20, 26)).isEqualTo(new ModelShape(ModelKind.MLP, 16, 20, 26));
    assertThat(ModelShape.mlp(16, 20, 26)).isNotEqualTo(ModelShape.mlp(16, 21, 26));
    assertThat(ModelShape.mlp(16, 20, 26)).hasToString("mlp(16,20,26)");
  }

  @Test
  void ofReadsTheDimensionsFromVAndW() {
    // Act
    ModelShape mlp = ModelShape.of(ModelKind.MLP, new double[21][26], new double[17][20]);
    ModelShape logistic = ModelShape.of(ModelKind.LOGISTIC, new double[17][26], new double[0][]);

    // Assert
    assertThat(mlp).isEqualTo(ModelShape.mlp(16, 20, 26));
    assertThat(logistic).isEqualTo(ModelShape.logistic(16, 26));
  }

  @Test
  void ofRefusesMatricesTooSmallForAModel() {
    double[][] oneRow = {{0.1, 0.2}};
    double[][] oneColumn = {{0.1}, {0.2}, {0.3}};

    assertThatThrownBy(() -> ModelShape.of(ModelKind.MLP, oneRow, new double[4][2]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("V has 1 rows");
    assertThatThrownBy(() -> ModelShape.of(ModelKind.LOGISTIC, oneColumn, new double[0][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 2 rows and 2 columns");
    assertThatThrownBy(() -> ModelShape.of(ModelKind.MLP, new double[3][4], new double[0][]))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("W has 0 rows; an MLP needs at least 2");
  }
}
