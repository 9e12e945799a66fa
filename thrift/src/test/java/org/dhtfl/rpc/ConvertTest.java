package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class ConvertTest {

  private static final NodeRef N6 = new NodeRef(6, "10.0.0.3", 5003);
  private static final NodeRef N19 = new NodeRef(19, "10.0.0.1", 5001);
  private static final NodeRef N51 = new NodeRef(51, "10.0.0.2", 5002);

  @Test
  void aNodeRefRoundTrips() {
    org.dhtfl.thrift.NodeRef wire = Convert.toThrift(N19);

    NodeRef back = Convert.fromThrift(wire);

    assertThat(wire).isEqualTo(new org.dhtfl.thrift.NodeRef(19, "10.0.0.1", 5001));
    assertThat(back).isEqualTo(N19);
  }

  @Test
  void listsOfNodeRefsRoundTripInOrder() {
    List<NodeRef> refs = List.of(N51, N6, N19);

    List<NodeRef> back = Convert.fromThrift(Convert.toThrift(refs));

    assertThat(back).containsExactlyElementsOf(refs);
  }

  @Test
  void aMissingListReadsAsAnEmptyList() {
    List<NodeRef> back = Convert.fromThrift((List<org.dhtfl.thrift.NodeRef>) null);

    assertThat(back).isEmpty();
  }

  @Test
  void aRingStateRoundTripsWithAndWithoutAPredecessor() {
    RingState state = new RingState(N19, Optional.of(N6), List.of(N51, N6), List.of(N51, N51, N51, N51, N51, N51), 6);
    RingState alone = new RingState(N19, Optional.empty(), List.of(), List.of(N19, N19, N19), 3);

    org.dhtfl.thrift.RingState aloneWire = Convert.toThrift(alone);

    assertThat(Convert.fromThrift(Convert.toThrift(state))).isEqualTo(state);
    assertThat(Convert.fromThrift(aloneWire)).isEqualTo(alone);
    assertThat(aloneWire.isSetPredecessor()).isFalse();
  }

  @Test
  void aRingStateCarriesItsProcessesPositionsOnlyWhenThereAreAny() {
    NodeRef n27 = new NodeRef(27, "10.0.0.1", 5101);
    RingState virtual = new RingState(N19, Optional.of(N6), List.of(N51), List.of(N51), 1, List.of(N19, n27));
    RingState single = new RingState(N19, Optional.of(N6), List.of(N51), List.of(N51), 1);

    org.dhtfl.thrift.RingState virtualWire = Convert.toThrift(virtual);
    org.dhtfl.thrift.RingState singleWire = Convert.toThrift(single);

    assertThat(Convert.fromThrift(virtualWire)).isEqualTo(virtual);
    assertThat(Convert.fromThrift(virtualWire).physical()).isEqualTo(N19);
    assertThat(singleWire.isSetPositions()).isFalse();
    assertThat(Convert.fromThrift(singleWire).positions()).isEmpty();
    assertThat(Convert.fromThrift(singleWire).physical()).isEqualTo(N19);
  }

  @Test
  void aNodeRefWithPortZeroIsRejected() {
    org.dhtfl.thrift.NodeRef wire = new org.dhtfl.thrift.NodeRef(19, "10.0.0.1", 0);

    assertThatThrownBy(() -> Convert.fromThrift(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 0 out of range 1..65535");
  }

  @Test
  void aNodeRefWithoutAHostIsRejected() {
    org.dhtfl.thrift.NodeRef noHost = new org.dhtfl.thrift.NodeRef();
    noHost.setId(19);
    noHost.setPort(5001);
    org.dhtfl.thrift.NodeRef blank = new org.dhtfl.thrift.NodeRef(19, " ", 5001);

    assertThatThrownBy(() -> Convert.fromThrift(noHost)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node reference without a host");
    assertThatThrownBy(() -> Convert.fromThrift((org.dhtfl.thrift.NodeRef) null))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("node reference without a host");
    assertThatThrownBy(() -> Convert.fromThrift(blank)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("host is empty");
  }

  @Test
  void aNodeRefWithANegativeIdIsRejected() {
    org.dhtfl.thrift.NodeRef wire = new org.dhtfl.thrift.NodeRef(-1, "10.0.0.1", 5001);

    assertThatThrownBy(() -> Convert.fromThrift(wire)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node id -1 is negative");
  }

  @Test
  void aBadNodeInsideARingStateIsRejected() {
    org.dhtfl.thrift.RingState badSuccessor = Convert.toThrift(
        new RingState(N19, Optional.of(N6), List.of(N51), List.of(N51), 1));
    badSuccessor.getSuccessors().get(0).setPort(70000);
    org.dhtfl.thrift.RingState badPredecessor = Convert.toThrift(
        new RingState(N19, Optional.of(N6), List.of(N51), List.of(N51), 1));
    badPredecessor.getPredecessor().setId(-6);

    assertThatThrownBy(() -> Convert.fromThrift(badSuccessor)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 70000 out of range 1..65535");
    assertThatThrownBy(() -> Convert.fromThrift(badPredecessor)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("node id -6 is negative");
  }

  @Test
  void aRingStateWithMoreFingersThanBitsIsMalformed() {
    org.dhtfl.thrift.NodeRef self = new org.dhtfl.thrift.NodeRef(7, "127.0.0.1", 5007);
    org.dhtfl.thrift.RingState seven = new org.dhtfl.thrift.RingState(self, List.of(self),
        java.util.Collections.nCopies(7, self), 6);
    org.dhtfl.thrift.RingState six = new org.dhtfl.thrift.RingState(self, List.of(self),
        java.util.Collections.nCopies(6, self), 6);

    assertThatThrownBy(() -> Convert.fromThrift(seven))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("m = 6 names 7 fingers");
    assertThat(Convert.fromThrift(six).fingers()).hasSize(6);
  }
}
