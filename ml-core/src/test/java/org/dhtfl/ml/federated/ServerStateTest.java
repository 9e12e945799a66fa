package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerStateTest {

  @Test
  void arraysAreCopiedInAndOut() {
    double[] values = {1, 2};
    ServerState state = ServerState.of(Map.of("momentum", values));
    values[0] = 99;
    state.get("momentum").orElseThrow()[1] = 99;

    assertThat(state.get("momentum")).hasValue(new double[] {1, 2});
    assertThat(state.asMap().get("momentum")).containsExactly(1, 2);
  }

  @Test
  void statesOfTheSameNamesAndValuesAreEqual() {
    ServerState a = ServerState.EMPTY.with("m", new double[] {1}).with("v", new double[] {2});
    ServerState b = ServerState.of(Map.of("v", new double[] {2}, "m", new double[] {1}));

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a.names()).containsExactly("m", "v");
    assertThat(a).isNotEqualTo(ServerState.EMPTY.with("m", new double[] {1}));
  }

  @Test
  void aValueThatIsNotFiniteIsRefusedNamingItsPlace() {
    assertThatThrownBy(() -> ServerState.EMPTY.with("momentum", new double[] {0, Double.NaN}))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("server state momentum[1] is NaN");
  }
}
