package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NodeProcessTest {

  @Test
  void onePositionServesOnTheProcessesPortAlone() {
    assertThat(NodeProcess.ports(5001, 1, 100)).containsExactly(5001);
  }

  @Test
  void positionsServeOnePortStepApartFromTheProcessesPort() {
    assertThat(NodeProcess.ports(5001, 4, 100)).containsExactly(5001, 5101, 5201, 5301);
  }

  @Test
  void positionsPastTheLastPortOrOutOfRangeAreRefusedWithTheReason() {
    assertThatThrownBy(() -> NodeProcess.ports(65_000, 4, 300)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("port 65900, past 65535");
    assertThatThrownBy(() -> NodeProcess.ports(5001, 0, 100)).hasMessageContaining("out of range 1..16");
    assertThatThrownBy(() -> NodeProcess.ports(5001, 17, 100)).hasMessageContaining("out of range 1..16");
    assertThatThrownBy(() -> NodeProcess.ports(5001, 2, 0)).hasMessageContaining("port step 0");
  }
}
