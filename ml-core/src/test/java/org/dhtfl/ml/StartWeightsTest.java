package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class StartWeightsTest {

  private static final ModelShape SHAPE = ModelShape.mlp(16, 20, 26);

  @Test
  void glibcWeightsAreTheReferenceCppModelsOnes() {
    Weights start = StartWeights.GLIBC.draw(SHAPE, 0);

    // -0.01 + 0.02 * rand() / RAND_MAX for rand() = 1804289383, 846930886, 1681692777
    assertThat(start.v()[0]).isEqualTo(-0.01 + 0.02 * (1804289383.0 / Integer.MAX_VALUE));
    assertThat(start.v()[1]).isEqualTo(-0.01 + 0.02 * (846930886.0 / Integer.MAX_VALUE));
    assertThat(start.v()[2]).isCloseTo(0.005661984475172117, org.assertj.core.data.Offset.offset(1e-18));
  }

  @Test
  void wIsDrawnAfterTheWholeOfV() {
    GlibcRandom random = new GlibcRandom(1);
    for (int i = 0; i < SHAPE.vSize(); i++) {
      random.next();
    }
    double firstW = -0.01 + 0.02 * ((double) random.next() / GlibcRandom.RAND_MAX);

    assertThat(StartWeights.GLIBC.draw(SHAPE, 1).w()[0]).isEqualTo(firstW);
  }

  @Test
  void numpyWeightsAreThePythonReferencesOnes() {
    assertThat(StartWeights.NUMPY.draw(SHAPE, 1)).isEqualTo(Weights.initial(SHAPE, 1));
  }

  @Test
  void everyWeightLiesWithinTheRange() {
    for (StartWeights s : new StartWeights[] {StartWeights.GLIBC, StartWeights.NUMPY}) {
      Weights start = s.draw(SHAPE, 3);
      for (double x : start.v()) {
        assertThat(x).isBetween(-0.01, 0.01);
      }
      for (double x : start.w()) {
        assertThat(x).isBetween(-0.01, 0.01);
      }
    }
  }

  @Test
  void theTwoSourcesDiffer() {
    assertThat(StartWeights.GLIBC.draw(SHAPE, 1)).isNotEqualTo(StartWeights.NUMPY.draw(SHAPE, 1));
  }

  @Test
  void namesParseCaseInsensitivelyAndUnknownOnesAreNamed() {
    assertThat(StartWeights.parse("GLIBC")).isEqualTo(StartWeights.GLIBC);
    assertThat(StartWeights.parse("numpy")).isEqualTo(StartWeights.NUMPY);
    assertThat(StartWeights.NUMPY.label()).isEqualTo("numpy");
    assertThatThrownBy(() -> StartWeights.parse("java")).hasMessage(
        "start weights 'java' are not known; glibc, numpy or he are");
  }
}
