package org.dhtfl.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PhysicalNodesTest {

  private static final NodeRef A19 = new NodeRef(19, "10.0.0.1", 5001);
  private static final NodeRef A27 = new NodeRef(27, "10.0.0.1", 5101);
  private static final NodeRef A63 = new NodeRef(63, "10.0.0.1", 5201);
  private static final NodeRef B51 = new NodeRef(51, "10.0.0.2", 5002);
  private static final NodeRef B6 = new NodeRef(6, "10.0.0.2", 5102);
  private static final NodeRef C7 = new NodeRef(7, "10.0.0.3", 5003);

  private static RingState member(NodeRef self, List<NodeRef> positions) {
    return new RingState(self, Optional.empty(), List.of(), List.of(), 6, positions);
  }

  @Test
  void membersOfOneProcessAreOneNodeWithThePositionsInTheProcessesOrder() {
    List<NodeRef> a = List.of(A19, A27, A63);
    List<NodeRef> b = List.of(B51, B6);
    List<RingState> ring = List.of(member(B6, b), member(A19, a), member(A27, a), member(B51, b), member(A63, a),
        member(C7, List.of()));

    List<PhysicalNodes.Node> nodes = PhysicalNodes.of(ring);

    assertThat(nodes).containsExactly(new PhysicalNodes.Node(B51, b), new PhysicalNodes.Node(A19, a),
        new PhysicalNodes.Node(C7, List.of(C7)));
    assertThat(PhysicalNodes.anyVirtual(ring)).isTrue();
  }

  @Test
  void aMemberThatTheNamedProcessDoesNotNameStandsAlone() {
    List<NodeRef> a = List.of(A19, A27);
    RingState intruder = member(C7, List.of(A19, C7));

    List<PhysicalNodes.Node> nodes = PhysicalNodes.of(List.of(member(A19, a), member(A27, a), intruder));

    assertThat(nodes).containsExactly(new PhysicalNodes.Node(A19, a), new PhysicalNodes.Node(C7, List.of(C7)));
  }

  @Test
  void aRingOfSinglePositionsIsOneNodePerMember() {
    List<RingState> ring = List.of(member(A19, List.of()), member(B51, List.of()), member(C7, List.of()));

    assertThat(PhysicalNodes.of(ring)).extracting(PhysicalNodes.Node::first).containsExactly(A19, B51, C7);
    assertThat(PhysicalNodes.anyVirtual(ring)).isFalse();
  }
}
