package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class AggregationGuardsTest {
  private static final Weights GLOBAL = Weights.zeros(ModelShape.mlp(1, 1, 2));

  @Test
  void resultsOfTheGlobalShapePass() {
    List<ClientResult> results = List.of(new ClientResult("a", GLOBAL, 1));

    assertThatCode(() -> AggregationGuards.check(GLOBAL, results, List.of())).doesNotThrowAnyException();
  }

  @Test
  void aResultOfAnotherShapeIsRefusedNamingItsSource() {
    List<ClientResult> results = List.of(
        new ClientResult("a", GLOBAL, 1),
        new ClientResult("node 6", Weights.zeros(ModelShape.logistic(1, 2)), 1));

    assertThatThrownBy(() -> AggregationGuards.check(GLOBAL, results, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result from node 6 has shape logistic(1,2), the global model mlp(1,1,2)");
  }

  @Test
  void missingListsAndElementsAreRefused() {
    List<ClientResult> withNull = Arrays.asList(new ClientResult("a", GLOBAL, 1), null);

    assertThatThrownBy(() -> AggregationGuards.check(GLOBAL, null, List.of()))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> AggregationGuards.check(GLOBAL, withNull, List.of()))
        .isInstanceOf(NullPointerException.class).hasMessage("result 1");
    assertThatThrownBy(() -> AggregationGuards.check(null, List.of(), List.of()))
        .isInstanceOf(NullPointerException.class);
  }
}
