package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.junit.jupiter.api.Test;

class ChordWireTest {

  private static final NodeRef N6 = new NodeRef(6, "10.0.0.3", 5003);
  private static final NodeRef N19 = new NodeRef(19, "10.0.0.1", 5001);
  private static final NodeRef N51 = new NodeRef(51, "10.0.0.2", 5002);

  @Test
  void aRouteStepRoundTrips() {
    RouteStep step = new RouteStep(N19, List.of(N51, N6), List.of(N51));

    RouteStep back = ChordWire.fromThrift(ChordWire.toThrift(step));

    assertThat(back).isEqualTo(step);
  }

  @Test
  void neighboursRoundTripWithAndWithoutAPredecessor() {
    Neighbours known = new Neighbours(N19, Optional.of(N6), List.of(N51, N6));
    Neighbours unknown = new Neighbours(N19, Optional.empty(), List.of());

    org.dhtfl.thrift.Neighbours unknownWire = ChordWire.toThrift(unknown);

    assertThat(ChordWire.fromThrift(ChordWire.toThrift(known))).isEqualTo(known);
    assertThat(ChordWire.fromThrift(unknownWire)).isEqualTo(unknown);
    assertThat(unknownWire.isSetPredecessor()).isFalse();
  }

  @Test
  void aRemoteLookupKeepsOwnerAndPathAndCountsAsOneHopThroughTheNodeAsked() {
    Lookup remote = new Lookup(58, N6, N51, List.of(19, 51, 6), 2);

    Lookup back = ChordWire.fromThrift(58, N19, ChordWire.toThrift(remote));

    assertThat(back).isEqualTo(new Lookup(58, N6, N19, List.of(19, 51, 6), 1));
  }

  @Test
  void aLookupWithoutAPathReadsAsAnEmptyPath() {
    org.dhtfl.thrift.Lookup wire = new org.dhtfl.thrift.Lookup();
    wire.setOwner(Convert.toThrift(N6));

    Lookup back = ChordWire.fromThrift(58, N19, wire);

    assertThat(back.path()).isEmpty();
    assertThat(back.owner()).isEqualTo(N6);
  }

  @Test
  void aBadNodeInsideARouteStepIsRejected() {
    org.dhtfl.thrift.RouteStep step = ChordWire.toThrift(new RouteStep(N19, List.of(N51), List.of()));
    step.getSuccessors().get(0).setPort(70000);

    assertThatThrownBy(() -> ChordWire.fromThrift(step)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("port 70000 out of range 1..65535");
  }
}
