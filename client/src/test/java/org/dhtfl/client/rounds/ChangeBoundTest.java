package org.dhtfl.client.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.ClientResult;
import org.junit.jupiter.api.Test;

class ChangeBoundTest {

  private static final ModelShape SHAPE = ModelShape.logistic(1, 2);

  /** A change of four weights, each {@code x}: norm 2|x|. */
  private static ClientResult change(String file, double x) {
    return new ClientResult(file, Weights.of(SHAPE, new double[] {x, x, x, x}, new double[0]), 1);
  }

  @Test
  void theNormIsTheEuclideanLengthOfEveryWeight() {
    assertThat(ChangeBound.norm(change("a", 3).delta())).isEqualTo(6.0);
  }

  @Test
  void aChangeMoreThanTenTimesTheMedianNormIsBeyondTheBound() {
    List<ClientResult> round = List.of(change("a", 1), change("b", 2), change("c", 1.5), change("d", 17.51));

    assertThat(ChangeBound.beyond(round)).containsOnlyKeys("d").hasEntrySatisfying("d", reason -> assertThat(reason)
        .isEqualTo("a weight change of norm 35.02, more than 10 times the median norm 3.500 of the round's 4 changes"));
  }

  @Test
  void changesWithinTenTimesTheMedianAreAllKept() {
    List<ClientResult> round = List.of(change("a", 1), change("b", 1), change("c", 10));

    assertThat(ChangeBound.beyond(round)).isEmpty();
  }

  @Test
  void withFewerThanThreeChangesNothingIsBounded() {
    assertThat(ChangeBound.beyond(List.of(change("a", 1), change("b", 1e5)))).isEmpty();
  }

  @Test
  void aMinorityOfHugeChangesCannotMoveTheMedian() {
    List<ClientResult> round = List.of(change("a", 1), change("b", 1), change("c", 1), change("x", 1e5),
        change("y", 1e5));

    assertThat(ChangeBound.beyond(round)).containsOnlyKeys("x", "y");
  }
}
