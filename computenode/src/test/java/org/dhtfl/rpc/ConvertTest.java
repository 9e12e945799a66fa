package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.RingState;
import org.dhtfl.chord.RouteStep;
import org.junit.jupiter.api.Test;

class ConvertTest {

  private static final NodeRef N6 = new NodeRef(6, "10.0.0.3", 5003);
  private static final NodeRef N19 = new NodeRef(19, "10.0.0.1", 5001);
  private static final NodeRef N51 = new NodeRef(51, "10.0.0.2", 5002);

  @Test
  void aNodeRefRoundTrips() {
    org.dhtfl.thrift.NodeRef wire = Convert.toThrift(N19);

    assertThat(wire).isEqualTo(new org.dhtfl.thrift.NodeRef(19, "10.0.0.1", 5001));
    assertThat(Convert.fromThrift(wire)).isEqualTo(N19);
  }

  @Test
  void listsOfNodeRefsRoundTripInOrder() {
    List<NodeRef> refs = List.of(N51, N6, N19);

    assertThat(Convert.fromThrift(Convert.toThrift(refs))).containsExactlyElementsOf(refs);
    assertThat(Convert.fromThrift((List<org.dhtfl.thrift.NodeRef>) null)).isEmpty();
  }

  @Test
  void aRouteStepRoundTrips() {
    RouteStep step = new RouteStep(N19, List.of(N51, N6), List.of(N51));

    assertThat(Convert.fromThrift(Convert.toThrift(step))).isEqualTo(step);
  }

  @Test
  void neighboursRoundTripWithAndWithoutAPredecessor() {
    Neighbours known = new Neighbours(N19, Optional.of(N6), List.of(N51, N6));
    Neighbours unknown = new Neighbours(N19, Optional.empty(), List.of());

    assertThat(Convert.fromThrift(Convert.toThrift(known))).isEqualTo(known);
    assertThat(Convert.fromThrift(Convert.toThrift(unknown))).isEqualTo(unknown);
    assertThat(Convert.toThrift(unknown).isSetPredecessor()).isFalse();
  }

  @Test
  void aRingStateRoundTripsWithAndWithoutAPredecessor() {
    RingState state = new RingState(N19, Optional.of(N6), List.of(N51, N6), List.of(N51, N51, N51, N51, N51, N51), 6);
    RingState alone = new RingState(N19, Optional.empty(), List.of(), List.of(N19, N19, N19), 3);

    assertThat(Convert.fromThrift(Convert.toThrift(state))).isEqualTo(state);
    assertThat(Convert.fromThrift(Convert.toThrift(alone))).isEqualTo(alone);
  }

  @Test
  void aRemoteLookupKeepsOwnerAndPathAndCountsAsOneHopThroughTheNodeAsked() {
    Lookup remote = new Lookup(58, N6, N51, List.of(19, 51, 6), 2);

    Lookup back = Convert.fromThrift(58, N19, Convert.toThrift(remote));

    assertThat(back).isEqualTo(new Lookup(58, N6, N19, List.of(19, 51, 6), 1));
  }

  @Test
  void aLookupWithoutAPathReadsAsAnEmptyPath() {
    org.dhtfl.thrift.Lookup wire = new org.dhtfl.thrift.Lookup();
    wire.setOwner(Convert.toThrift(N6));

    assertThat(Convert.fromThrift(58, N19, wire).path()).isEmpty();
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
    assertThatThrownBy(() -> Convert.fromThrift(new org.dhtfl.thrift.NodeRef(-1, "10.0.0.1", 5001)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("node id -1 is negative");
  }

  @Test
  void aBadNodeInsideAStructIsRejected() {
    org.dhtfl.thrift.RouteStep step = Convert.toThrift(new RouteStep(N19, List.of(N51), List.of()));
    step.getSuccessors().get(0).setPort(70000);

    assertThatThrownBy(() -> Convert.fromThrift(step)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 70000 out of range 1..65535");
  }
}
