package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MersenneTwisterTest {

  @Test
  void theFirstDoublesForSeedOneAreNumpys() {
    // Arrange: numpy 2.4: np.random.seed(1); np.random.rand(3)
    MersenneTwister random = new MersenneTwister(1);

    // Act
    double first = random.nextDouble();
    double second = random.nextDouble();
    double third = random.nextDouble();

    // Assert
    assertThat(first).isEqualTo(0.417022004702574);
    assertThat(second).isEqualTo(0.7203244934421581);
    assertThat(third).isEqualTo(1.1437481734488664e-04);
  }

  @Test
  void theLargestSeedIsAcceptedAndMatchesNumpy() {
    // Arrange: np.random.seed(4294967295); np.random.rand(2)
    MersenneTwister random = new MersenneTwister(4294967295L);

    // Act and assert
    assertThat(random.nextDouble()).isEqualTo(0.0976320289940138);
    assertThat(random.nextDouble()).isEqualTo(0.9123828453026218);
  }

  @Test
  void theIntegerStreamMatchesThePublishedCheckValues() {
    // Arrange: the C++ standard's check for mt19937 with the default seed 5489
    MersenneTwister random = new MersenneTwister(5489);

    // Act
    long first = Integer.toUnsignedLong(random.nextInt32());
    int value = 0;
    for (int i = 2; i <= 10000; i++) {
      value = random.nextInt32();
    }

    // Assert
    assertThat(first).isEqualTo(3499211612L);
    assertThat(Integer.toUnsignedLong(value)).isEqualTo(4123659995L);
  }

  @Test
  void seedsOutsideThirtyTwoBitsAreRefused() {
    assertThatThrownBy(() -> new MersenneTwister(-1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed -1");
    assertThatThrownBy(() -> new MersenneTwister(4294967296L))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("seed 4294967296");
  }
}
