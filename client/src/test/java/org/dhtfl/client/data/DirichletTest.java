package org.dhtfl.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DirichletTest {

  private static double meanOfLargestComponent(Dirichlet dirichlet, Random random, int draws) {
    double sum = 0;
    for (int i = 0; i < draws; i++) {
      sum += Arrays.stream(dirichlet.sample(random)).max().orElseThrow();
    }
    return sum / draws;
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.1, 0.5, 1, 10, 1000})
  void drawsArePositiveAndSumToOne(double alpha) {
    // Arrange
    Dirichlet dirichlet = new Dirichlet(7, alpha);
    Random random = new Random(1);

    for (int draw = 0; draw < 2000; draw++) {
      // Act
      double[] proportions = dirichlet.sample(random);

      // Assert
      assertThat(proportions).hasSize(7);
      assertThat(Arrays.stream(proportions).min().orElseThrow()).isPositive();
      assertThat(Arrays.stream(proportions).sum()).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void theMeanOfManyDrawsIsOneOverTheDimensions() {
    // Arrange
    Dirichlet dirichlet = new Dirichlet(4, 0.5);
    Random random = new Random(2);
    double[] sums = new double[4];
    int draws = 20_000;

    // Act
    for (int draw = 0; draw < draws; draw++) {
      double[] proportions = dirichlet.sample(random);
      for (int i = 0; i < sums.length; i++) {
        sums[i] += proportions[i];
      }
    }

    // Assert: each component's standard error is 0.25 / sqrt(20000) = 0.0018
    for (double sum : sums) {
      assertThat(sum / draws).isCloseTo(0.25, within(0.01));
    }
  }

  @Test
  void smallAlphaPutsTheMassOnOneComponentAndLargeAlphaSpreadsItEvenly() {
    // Act
    double concentrated = meanOfLargestComponent(new Dirichlet(10, 0.01), new Random(3), 2000);
    double even = meanOfLargestComponent(new Dirichlet(10, 1000), new Random(3), 2000);

    // Assert
    assertThat(concentrated).isGreaterThan(0.9);
    assertThat(even).isBetween(0.1, 0.12);
  }

  @Test
  void aTinyAlphaStillGivesFiniteProportionsThatSumToOne() {
    // Arrange: Gamma(0.001) samples underflow to 0 as doubles; the draw works with their logarithms
    Dirichlet dirichlet = new Dirichlet(5, 0.001);
    Random random = new Random(4);

    for (int draw = 0; draw < 1000; draw++) {
      // Act
      double[] proportions = dirichlet.sample(random);

      // Assert
      assertThat(Arrays.stream(proportions).min().orElseThrow()).isGreaterThanOrEqualTo(0);
      assertThat(Arrays.stream(proportions).max().orElseThrow()).isLessThanOrEqualTo(1);
      assertThat(Arrays.stream(proportions).sum()).isCloseTo(1, within(1e-12));
    }
  }

  @Test
  void oneDimensionAlwaysGetsEverything() {
    assertThat(new Dirichlet(1, 0.1).sample(new Random(5))).containsExactly(1.0);
  }

  @Test
  void theSameSeedGivesTheSameDraws() {
    // Arrange
    Dirichlet dirichlet = new Dirichlet(6, 0.3);
    Random first = new Random(42);
    Random second = new Random(42);

    // Act and assert
    for (int draw = 0; draw < 100; draw++) {
      assertThat(dirichlet.sample(first)).containsExactly(dirichlet.sample(second));
    }
  }

  @ParameterizedTest
  @ValueSource(doubles = {0.2, 1, 4.5})
  void gammaSamplesHaveMeanAndVarianceEqualToTheShape(double shape) {
    // Arrange
    Random random = new Random(6);
    int draws = 100_000;
    double sum = 0;
    double sumOfSquares = 0;

    // Act
    for (int draw = 0; draw < draws; draw++) {
      double x = Dirichlet.gamma(shape, random);
      sum += x;
      sumOfSquares += x * x;
    }

    // Assert: the mean's standard error is sqrt(shape / draws), below 0.007 for these shapes
    double mean = sum / draws;
    double variance = sumOfSquares / draws - mean * mean;
    assertThat(mean).isCloseTo(shape, within(0.03));
    assertThat(variance).isCloseTo(shape, within(0.05 * shape + 0.02));
  }

  @Test
  void fewerThanOneDimensionIsRefused() {
    assertThatThrownBy(() -> new Dirichlet(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("dimensions 0 must be at least 1");
  }

  @ParameterizedTest
  @ValueSource(doubles = {0, -0.5, Double.NaN, Double.POSITIVE_INFINITY})
  void anAlphaThatIsNotPositiveAndFiniteIsRefused(double alpha) {
    assertThatThrownBy(() -> new Dirichlet(3, alpha))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha " + alpha + " must be positive and finite");
  }

  @Test
  void aGammaShapeThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> Dirichlet.gamma(0, new Random(7)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("gamma shape 0.0 must be positive and finite");
  }
}
