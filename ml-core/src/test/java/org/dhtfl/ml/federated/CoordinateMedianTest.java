package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CoordinateMedianTest {

  private final List<ClientResult> three = List.of(
      Vectors.result("a", 100, 1, 5, -2, 0),
      Vectors.result("b", 1, 3, 1, -1, 10),
      Vectors.result("c", 1, 2, 9, -7, 4));

  @Test
  void ofAnOddCountEachCoordinateIsItsMiddleValueWhateverTheRows() {
    assertThat(DeltaAggregator.median().combine(Vectors.SHAPE, three)).isEqualTo(Vectors.of(2, 5, -2, 4));
  }

  @Test
  void ofAnEvenCountEachCoordinateIsTheMeanOfItsTwoMiddleValues() {
    List<ClientResult> four = new ArrayList<>(three);
    four.add(Vectors.result("d", 1, 10, 0, 0, 6));

    // sorted: (1 2 3 10), (0 1 5 9), (-7 -2 -1 0), (0 4 6 10)
    assertThat(DeltaAggregator.median().combine(Vectors.SHAPE, four)).isEqualTo(Vectors.of(2.5, 3, -1.5, 5));
  }

  @Test
  void oneHugeResultMovesNoCoordinateFar() {
    List<ClientResult> poisoned = new ArrayList<>(three);
    poisoned.add(Vectors.result("d", 1, 1e6, 1e6, 1e6, -1e6));
    poisoned.add(Vectors.result("e", 1, 2, 5, -2, 4));

    // sorted: (1 2 2 3 1e6), (1 5 5 9 1e6), (-7 -2 -2 -1 1e6), (-1e6 0 4 4 10)
    assertThat(DeltaAggregator.median().combine(Vectors.SHAPE, poisoned)).isEqualTo(Vectors.of(2, 5, -2, 4));
  }
}
