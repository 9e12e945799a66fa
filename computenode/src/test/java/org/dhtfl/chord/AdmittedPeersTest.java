package org.dhtfl.chord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.dhtfl.chord.sim.InMemoryNetwork;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class AdmittedPeersTest {

  private static final IdSpace SPACE = new IdSpace(6);

  private final InMemoryNetwork network = new InMemoryNetwork(1);
  private final NodeRef ref19 = new NodeRef(19, "sim-19", 1);
  private final NodeRef ref51 = new NodeRef(51, "sim-51", 1);
  private final NodeRef stranger = new NodeRef(30, "sim-30", 1);

  /** Node 51, a ring of one, and node 30, which answers but was never admitted. */
  private void ringOf51AndAStranger() {
    ChordNode n51 = new ChordNode(ref51, SPACE, 3, network.from(ref51), state -> { });
    network.add(n51);
    n51.create();
    ChordNode n30 = new ChordNode(stranger, SPACE, 3, network.from(stranger), state -> { });
    network.add(n30);
    n30.create();
  }

  /** 51's answers to 19's get_neighbours name the stranger as 51's predecessor and first successor. */
  private PeerConnector lyingAbout51(PeerConnector honest) {
    return lyingAbout51(honest, n -> new Neighbours(n.self(), Optional.of(stranger), concat(stranger, n.successors())));
  }

  private PeerConnector lyingAbout51(PeerConnector honest, UnaryOperator<Neighbours> lie) {
    return ref -> {
      Peer peer = honest.peer(ref);
      if (!ref.sameAs(ref51)) {
        return peer;
      }
      return new Peer() {
        public NodeRef ref() {
          return peer.ref();
        }

        public NodeRef ping() throws PeerException {
          return peer.ping();
        }

        public RouteStep routeStep(int key) throws PeerException {
          RouteStep step = peer.routeStep(key);
          return new RouteStep(step.self(), concat(stranger, step.successors()), step.preceding());
        }

        public Lookup lookup(int key) throws PeerException, LookupFailedException {
          return peer.lookup(key);
        }

        public Neighbours neighbours() throws PeerException {
          return lie.apply(peer.neighbours());
        }

        public void notify(NodeRef candidate) throws PeerException {
          peer.notify(candidate);
        }

        public void updateFinger(NodeRef node, int index) throws PeerException {
          peer.updateFinger(node, index);
        }

        public void leaving(NodeRef leaver, Optional<NodeRef> predecessor, List<NodeRef> successors)
            throws PeerException {
          peer.leaving(leaver, predecessor, successors);
        }
      };
    };
  }

  private static List<NodeRef> concat(NodeRef first, List<NodeRef> rest) {
    List<NodeRef> list = new ArrayList<>(List.of(first));
    list.addAll(rest);
    return list;
  }

  private ChordNode joined19(PeerConnector connector) throws JoinException {
    ChordNode n19 = new ChordNode(ref19, SPACE, 3, connector, state -> { });
    network.add(n19);
    n19.join(ref51);
    for (int round = 0; round < 3; round++) {
      n19.stabilize();
      n19.fixFingers();
    }
    return n19;
  }

  private static boolean pointsAt(RingState state, NodeRef node) {
    return state.predecessor().map(node::sameAs).orElse(false) || state.successors().stream().anyMatch(node::sameAs)
        || state.fingers().stream().anyMatch(node::sameAs);
  }

  @Test
  void aMemberNamingANodeTheSupernodeNeverAdmittedIsBelievedWithoutTheCheck() throws Exception {
    ringOf51AndAStranger();

    ChordNode n19 = joined19(lyingAbout51(network.from(ref19)));

    assertThat(pointsAt(n19.state(), stranger)).as("the lie reaches the node's pointers: " + n19.state()).isTrue();
  }

  @Test
  void aSuccessorNamingNoSuccessorsLeavesTheNodeTheOnesItKnew() throws Exception {
    ChordNode n51 = new ChordNode(ref51, SPACE, 3, network.from(ref51), state -> { });
    network.add(n51);
    n51.create();
    NodeRef ref6 = new NodeRef(6, "sim-6", 1);
    ChordNode n6 = new ChordNode(ref6, SPACE, 3, network.from(ref6), state -> { });
    network.add(n6);
    n6.join(ref51);
    AtomicBoolean lying = new AtomicBoolean();
    ChordNode n19 = joined19(lyingAbout51(network.from(ref19),
        n -> lying.get() ? new Neighbours(n.self(), n.predecessor(), List.of()) : n));
    assertThat(n19.state().successors()).extracting(NodeRef::id).containsExactly(51, 6);

    lying.set(true);
    n19.stabilize();
    n19.stabilize();

    assertThat(n19.state().successors()).extracting(NodeRef::id).containsExactly(51, 6);
  }

  @Test
  void pointersPulledFromAMemberNameOnlyAdmittedNodes() throws Exception {
    ringOf51AndAStranger();
    Set<Integer> admitted = Set.of(19, 51);

    ChordNode n19 = joined19(new AdmittedPeers(lyingAbout51(network.from(ref19)),
        n -> admitted.contains(n.id()) && n.host().equals("sim-" + n.id())));

    assertThat(pointsAt(n19.state(), stranger)).as(n19.state().toString()).isFalse();
    assertThat(n19.state().successor()).isEqualTo(ref51);
  }
}
