package org.dhtfl.ml.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ServerMomentumTest {

  @Test
  void theMomentumStartsAtZeroAndCarriesHalfOfItselfIntoTheNextRound() {
    ServerOptimizer momentum = ServerOptimizer.momentum(0.5, 0.5);

    // Round 1: m = (2, -2, 0, 4); global + 0.5 m
    Aggregate first = momentum.step(Vectors.of(1, 1, 1, 1), Vectors.of(2, -2, 0, 4), ServerState.EMPTY);
    // Round 2: m = 0.5 (2, -2, 0, 4) + (1, 1, 1, 1) = (2, 0, 1, 3); global + 0.5 m
    Aggregate second = momentum.step(first.model(), Vectors.of(1, 1, 1, 1), first.state());

    assertThat(first.model()).isEqualTo(Vectors.of(2, 0, 1, 3));
    assertThat(first.state().get("momentum")).hasValue(new double[] {2, -2, 0, 4});
    assertThat(second.model()).isEqualTo(Vectors.of(3, 0, 1.5, 4.5));
    assertThat(second.state().get("momentum")).hasValue(new double[] {2, 0, 1, 3});
  }

  @Test
  void withoutMomentumAndWithRateOneItIsThePlainStepBitForBit() {
    Aggregate state = new Aggregate(Vectors.of(0.1, 0.2, 0.3, 0.4), ServerState.EMPTY);
    for (int round = 0; round < 3; round++) {
      var update = Vectors.of(0.7 / (round + 3), -0.11, 1e-9, 3.3);
      Aggregate momentum = ServerOptimizer.momentum(1, 0).step(state.model(), update, state.state());
      assertThat(momentum.model()).isEqualTo(ServerOptimizer.plain().step(state.model(), update, ServerState.EMPTY).model());
      state = momentum;
    }
  }

  @Test
  void aStateForAnotherModelIsRefusedNamingTheLengths() {
    ServerState wrong = ServerState.EMPTY.with("momentum", new double[] {1, 2});

    assertThatThrownBy(() -> ServerOptimizer.momentum(1, 0.5).step(Vectors.of(0, 0, 0, 0), Vectors.of(0, 0, 0, 0), wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("server state momentum has 2 values, the model logistic(1,2) has 4");
  }

  @Test
  void settingsOutOfRangeAreRefusedByName() {
    assertThatThrownBy(() -> ServerOptimizer.momentum(0, 0.5)).hasMessage("server learning rate 0.0 must be positive and finite");
    assertThatThrownBy(() -> ServerOptimizer.momentum(1, 1)).hasMessage("server momentum 1.0 must be in [0, 1)");
  }
}
