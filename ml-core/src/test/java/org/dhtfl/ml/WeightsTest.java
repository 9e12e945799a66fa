package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WeightsTest {
  /** V is 2 x 2, W is 2 x 1: small enough to check by hand. */
  private static final ModelShape TINY = ModelShape.mlp(1, 1, 2);

  private static Weights tiny(double v00, double v01, double v10, double v11, double w0, double w1) {
    return Weights.fromRows(TINY, new double[][] {{v00, v01}, {v10, v11}}, new double[][] {{w0}, {w1}});
  }

  @Test
  void initialReproducesNumpysDrawsForSeedOne() {
    // Arrange: np.random.seed(1); V = rand(21, 26)*0.02 - 0.01; W = rand(17, 20)*0.02 - 0.01
    ModelShape shape = ModelShape.mlp(16, 20, 26);

    // Act
    Weights weights = Weights.initial(shape, 1);

    // Assert
    double[][] v = weights.vRows();
    double[][] w = weights.wRows();
    assertThat(v[0][0]).isEqualTo(0.417022004702574 * 0.02 - 0.01).isEqualTo(-0.0016595599059485207);
    assertThat(v[0][1]).isEqualTo(0.7203244934421581 * 0.02 - 0.01);
    assertThat(v[0][2]).isEqualTo(1.1437481734488664e-04 * 0.02 - 0.01);
    assertThat(v[20][25]).isEqualTo(-0.009782225323930421);
    assertThat(w[0][0]).isEqualTo(0.005165565209539924);
    assertThat(w[16][19]).isEqualTo(-0.00024198121640759372);
  }

  @Test
  void initialDrawsOnlyVForALogisticModel() {
    // Arrange: np.random.seed(7); rand(3, 2)*0.02 - 0.01
    ModelShape shape = ModelShape.logistic(2, 2);

    // Act
    Weights weights = Weights.initial(shape, 7);

    // Assert
    assertThat(weights.v()).containsExactly(-0.008473834212520856, 0.005598375844802293, -0.0012318153711821309,
        0.004469303556618825, 0.009559790239932054, 0.0007699174082086736);
    assertThat(weights.w()).isEmpty();
    assertThat(weights.wRows()).isEmpty();
  }

  @Test
  void initialIsTheSameForTheSameSeedAndInRange() {
    Weights first = Weights.initial(ModelShape.mlp(16, 20, 26), 42);

    assertThat(Weights.initial(ModelShape.mlp(16, 20, 26), 42)).isEqualTo(first);
    assertThat(first.maxAbs()).isLessThanOrEqualTo(0.01);
    assertThatThrownBy(() -> Weights.initial(ModelShape.mlp(16, 20, 26), -3))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed -3");
  }

  @Test
  void ofRefusesAFlatArrayOfTheWrongLength() {
    ModelShape shape = ModelShape.mlp(16, 20, 26);

    assertThatThrownBy(() -> Weights.of(shape, new double[545], new double[340]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V has 545 values, expected 21 x 26 = 546");
    assertThatThrownBy(() -> Weights.of(shape, new double[546], new double[339]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W has 339 values, expected 17 x 20 = 340");
  }

  @Test
  void fromRowsRefusesTheWrongNumberOfRows() {
    ModelShape shape = ModelShape.mlp(16, 20, 26);

    assertThatThrownBy(() -> Weights.fromRows(shape, new double[20][26], new double[17][20]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V has 20 rows, expected 21");
  }

  @Test
  void fromRowsRefusesARowOfTheWrongLength() {
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    double[][] w = new double[17][20];
    w[3] = new double[19];

    assertThatThrownBy(() -> Weights.fromRows(shape, new double[21][26], w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W row 3 has 19 columns, expected 20");
  }

  @Test
  void valuesThatAreNotFiniteAreRefusedByPosition() {
    ModelShape shape = ModelShape.mlp(16, 20, 26);
    double[][] w = new double[17][20];
    w[3][7] = Double.NaN;
    double[] v = new double[546];
    v[26 + 2] = Double.POSITIVE_INFINITY;

    assertThatThrownBy(() -> Weights.fromRows(shape, new double[21][26], w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[3][7] is NaN");
    assertThatThrownBy(() -> Weights.of(shape, v, new double[340]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[1][2] is Infinity");
  }

  @Test
  void inputsAndOutputsAreCopies() {
    // Arrange
    double[] v = {1, 2, 3, 4};
    double[] w = {5, 6};
    Weights weights = Weights.of(TINY, v, w);

    // Act
    v[0] = 100;
    weights.v()[1] = 100;
    weights.vRows()[1][0] = 100;
    weights.wRows()[0][0] = 100;

    // Assert
    assertThat(weights.v()).containsExactly(1, 2, 3, 4);
    assertThat(weights.w()).containsExactly(5, 6);
  }

  @Test
  void rowsAreTheFlatValuesRowByRow() {
    Weights weights = Weights.of(TINY, new double[] {1, 2, 3, 4}, new double[] {5, 6});

    assertThat(weights.vRows()).isDeepEqualTo(new double[][] {{1, 2}, {3, 4}});
    assertThat(weights.wRows()).isDeepEqualTo(new double[][] {{5}, {6}});
    assertThat(Weights.fromRows(TINY, weights.vRows(), weights.wRows())).isEqualTo(weights);
  }

  @Test
  void plusMinusAndScaledWorkValueByValue() {
    // Arrange
    Weights a = tiny(1, 2, 3, 4, 5, 6);
    Weights b = tiny(0.5, -2, 1, 0, -5, 10);

    // Act and assert
    assertThat(a.plus(b)).isEqualTo(tiny(1.5, 0, 4, 4, 0, 16));
    assertThat(a.minus(b)).isEqualTo(tiny(0.5, 4, 2, 4, 10, -4));
    assertThat(a.scaled(0.5)).isEqualTo(tiny(0.5, 1, 1.5, 2, 2.5, 3));
    assertThat(a.minus(a)).isEqualTo(Weights.zeros(TINY));
  }

  @Test
  void arithmeticOnDifferentShapesIsRefused() {
    Weights a = Weights.zeros(TINY);
    Weights b = Weights.zeros(ModelShape.mlp(1, 2, 2));

    assertThatThrownBy(() -> a.plus(b))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shape mlp(1,2,2) does not match mlp(1,1,2)");
  }

  @Test
  void arithmeticThatOverflowsIsRefused() {
    Weights big = tiny(Double.MAX_VALUE, 0, 0, 0, 0, 0);

    assertThatThrownBy(() -> big.plus(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[0][0] is Infinity");
    assertThatThrownBy(() -> big.scaled(Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("scale factor NaN");
  }

  @Test
  void weightsAreEqualByShapeAndExactValues() {
    Weights a = tiny(1, 2, 3, 4, 5, 6);

    assertThat(a).isEqualTo(tiny(1, 2, 3, 4, 5, 6)).hasSameHashCodeAs(tiny(1, 2, 3, 4, 5, 6));
    assertThat(a).isNotEqualTo(tiny(1, 2, 3, 4, 5, Math.nextUp(6.0)));
    assertThat(Weights.zeros(ModelShape.logistic(1, 2))).isNotEqualTo(Weights.zeros(TINY));
  }

  @Test
  void fromRowsOfAKindTakesTheShapeFromTheRows() {
    // Arrange: an MLP for 3 inputs, 2 hidden units and 4 classes: V is 3 x 4, W is 4 x 2
    double[][] v = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    double[][] w = {{-1, -2}, {-3, -4}, {-5, -6}, {-7, -8}};

    // Act
    Weights mlp = Weights.fromRows(ModelKind.MLP, v, w);
    Weights logistic = Weights.fromRows(ModelKind.LOGISTIC, v, new double[0][]);

    // Assert
    assertThat(mlp.shape()).isEqualTo(ModelShape.mlp(3, 2, 4));
    assertThat(mlp.vRows()).isDeepEqualTo(v);
    assertThat(mlp.wRows()).isDeepEqualTo(w);
    assertThat(logistic.shape()).isEqualTo(ModelShape.logistic(2, 4));
    assertThat(logistic.vRows()).isDeepEqualTo(v);
  }

  @Test
  void fromRowsOfAKindRefusesRaggedRowsNamingTheRow() {
    double[][] raggedV = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11}};
    double[][] w = {{-1, -2}, {-3, -4}, {-5, -6}, {-7, -8}};
    double[][] v = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    double[][] raggedW = {{-1, -2}, {-3, -4, 0.5}, {-5, -6}, {-7, -8}};

    assertThatThrownBy(() -> Weights.fromRows(ModelKind.MLP, raggedV, w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V row 2 has 3 columns, expected 4");
    assertThatThrownBy(() -> Weights.fromRows(ModelKind.MLP, v, raggedW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W row 1 has 3 columns, expected 2");
  }

  @Test
  void fromRowsOfAKindRefusesValuesThatAreNotFiniteNamingTheCell() {
    double[][] v = {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}};
    double[][] w = {{-1, -2}, {-3, -4}, {-5, -6}, {-7, -8}};
    double[][] nanV = {{1, 2, 3, 4}, {5, 6, Double.NaN, 8}, {9, 10, 11, 12}};
    double[][] infiniteW = {{-1, -2}, {-3, -4}, {-5, -6}, {Double.NEGATIVE_INFINITY, -8}};

    assertThatThrownBy(() -> Weights.fromRows(ModelKind.MLP, nanV, w))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("V[1][2] is NaN");
    assertThatThrownBy(() -> Weights.fromRows(ModelKind.MLP, v, infiniteW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("W[3][0] is -Infinity");
  }
}
