package org.dhtfl.chord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.chord.sim.InMemoryNetwork;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class ChordNodeTest {

  private static List<Integer> ids(List<NodeRef> refs) {
    return refs.stream().map(NodeRef::id).toList();
  }

  @Test
  void firstNodeAloneIsItsOwnSuccessorPredecessorAndEveryFinger() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);

    ChordNode node = sim.addNode(19);

    RingState state = node.state();
    assertThat(state.successor().id()).isEqualTo(19);
    assertThat(state.predecessor()).map(NodeRef::id).contains(19);
    assertThat(ids(state.fingers())).containsOnly(19).hasSize(6);
    assertThat(node.lookup(58).owner().id()).isEqualTo(19);
    assertThat(node.isResponsible(0)).isTrue();
  }

  @Test
  void secondNodeJoiningSplitsTheRingAtOnce() throws Exception {
    RingSimulation sim = new RingSimulation(6, 1, 1);
    ChordNode first = sim.addNode(19);

    ChordNode second = sim.addNode(51);

    assertThat(sim.firstDifference()).isEmpty();
    assertThat(first.state().successor().id()).isEqualTo(51);
    assertThat(first.state().predecessor()).map(NodeRef::id).contains(51);
    assertThat(second.state().successor().id()).isEqualTo(19);
    assertThat(second.isResponsible(30)).isTrue();
    assertThat(first.isResponsible(30)).isFalse();
  }

  @Test
  void thirdNodeJoiningGivesTheReferenceRingWithoutAnyStabilization() throws Exception {
    RingSimulation sim = new RingSimulation(6, 1, 1);
    ChordNode n19 = sim.addNode(19);
    ChordNode n51 = sim.addNode(51);

    ChordNode n6 = sim.addNode(6);

    assertThat(sim.firstDifference()).isEmpty();
    assertThat(ids(n19.state().fingers())).containsExactly(51, 51, 51, 51, 51, 51);
    assertThat(ids(n51.state().fingers())).containsExactly(6, 6, 6, 6, 6, 19);
    assertThat(ids(n6.state().fingers())).containsExactly(19, 19, 19, 19, 51, 51);
    assertThat(n6.state().predecessor()).map(NodeRef::id).contains(51);
  }

  @Test
  void successorListsFillUpInOneStabilizationRound() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    ChordNode n19 = sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);

    sim.round();

    assertThat(ids(n19.state().successors())).containsExactly(51, 6);
  }

  @Test
  void keyOfTheReferenceFileIsRoutedFrom19Through51To6() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    ChordNode n19 = sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);

    Lookup lookup = n19.lookup(new IdSpace(6).keyOf("zx0uRKUQj5"));

    assertThat(lookup.owner().id()).isEqualTo(6);
    assertThat(lookup.path()).containsExactly(19, 51, 6);
    assertThat(lookup.pathText()).isEqualTo("19 -> 51 -> 6");
    assertThat(lookup.lastHop().id()).isEqualTo(51);
  }

  @Test
  void everyNodeFindsTheIdealOwnerOfEveryKey() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 7);
    for (int i = 0; i < 12; i++) {
      sim.addNode();
    }
    IdealRing ideal = new IdealRing(sim.space(), sim.liveNodes().stream().map(n -> n.self().id()).toList());

    for (ChordNode node : sim.liveNodes()) {
      for (int key = 0; key < 64; key++) {
        assertThat(node.lookup(key).owner().id()).as("key %d from %s", key, node).isEqualTo(ideal.successorOf(key));
      }
    }
  }

  @Test
  void crashedNodesAreSkippedByLookupsAtOnceAndRepairedByStabilization() throws Exception {
    RingSimulation sim = new RingSimulation(8, 4, 3);
    for (int i = 0; i < 16; i++) {
      sim.addNode();
    }
    assertThat(sim.roundsUntilIdeal(10)).isNotNegative();
    sim.crashFraction(0.25);

    RingSimulation.LookupStats before = sim.lookups(500);
    int rounds = sim.roundsUntilIdeal(10);

    assertThat(before.failed()).isZero();
    assertThat(before.wrong()).as(sim.lastFailure()).isZero();
    assertThat(rounds).isBetween(1, 10);
  }

  @Test
  void gracefulLeaveLeavesAnIdealRingWithoutStabilization() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.addNode(40);

    sim.leave(51);

    ChordNode n40 = sim.liveNodes().stream().filter(n -> n.self().id() == 40).findFirst().orElseThrow();
    ChordNode n6 = sim.liveNodes().stream().filter(n -> n.self().id() == 6).findFirst().orElseThrow();
    assertThat(n40.state().successor().id()).isEqualTo(6);
    assertThat(n6.state().predecessor()).map(NodeRef::id).contains(40);
    assertThat(sim.roundsUntilIdeal(3)).isBetween(0, 1);
  }

  @Test
  void aNodeThatIsAloneAfterEveryOtherLeftOwnsTheWholeRing() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    ChordNode n19 = sim.addNode(19);
    sim.addNode(51);

    sim.leave(51);

    assertThat(n19.state().successors()).isEmpty();
    assertThat(n19.lookup(40).owner().id()).isEqualTo(19);
  }

  @Test
  void joiningWithAnIdThatIsTakenByAnotherAddressFails() throws Exception {
    IdSpace space = new IdSpace(6);
    InMemoryNetwork network = new InMemoryNetwork(1);
    NodeRef a = new NodeRef(19, "host-a", 5001);
    NodeRef b = new NodeRef(19, "host-b", 5001);
    ChordNode first = new ChordNode(a, space, 3, network.from(a), s -> { });
    network.add(first);
    first.create();
    ChordNode second = new ChordNode(b, space, 3, network.from(b), s -> { });

    assertThatThrownBy(() -> second.join(a)).isInstanceOf(JoinException.class).hasMessageContaining("taken");
  }

  @Test
  void aNodeCutOffFromItsSuccessorRoutesAroundItAndHealsAfterwards() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    ChordNode n19 = sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.addNode(40);
    sim.network().cut(19, 40);

    assertThat(n19.lookup(30).owner().id()).isEqualTo(51);

    sim.network().heal(19, 40);
    assertThat(sim.roundsUntilIdeal(5)).isNotNegative();
    assertThat(n19.lookup(30).owner().id()).isEqualTo(40);
  }

  @Test
  void theListenerHearsEachChangeOnce() throws Exception {
    IdSpace space = new IdSpace(6);
    InMemoryNetwork network = new InMemoryNetwork(1);
    NodeRef a = new NodeRef(19, "h", 5001);
    NodeRef b = new NodeRef(51, "h", 5002);
    List<RingState> heard = new ArrayList<>();
    ChordNode first = new ChordNode(a, space, 3, network.from(a), heard::add);
    ChordNode second = new ChordNode(b, space, 3, network.from(b), s -> { });
    network.add(first);
    network.add(second);
    first.create();

    second.join(a);
    first.maintain();
    int afterJoin = heard.size();
    first.maintain();

    assertThat(heard.get(0).successor().id()).isEqualTo(19);
    assertThat(heard.get(heard.size() - 1).successor().id()).isEqualTo(51);
    assertThat(heard).doesNotHaveDuplicates();
    assertThat(heard).hasSize(afterJoin);
  }

  @Test
  void badArgumentsAreRejectedWithTheirValue() {
    IdSpace space = new IdSpace(6);
    InMemoryNetwork network = new InMemoryNetwork(1);
    NodeRef a = new NodeRef(19, "h", 5001);
    ChordNode node = new ChordNode(a, space, 3, network.from(a), s -> { });

    assertThatThrownBy(() -> node.lookup(64)).hasMessage("key 64 out of range 0..63");
    assertThatThrownBy(() -> node.updateFinger(a, 9)).hasMessage("finger index 9 out of range 0..5");
    assertThatThrownBy(() -> new NodeRef(1, "h", 70000)).hasMessage("port 70000 out of range 1..65535");
    assertThatThrownBy(() -> new ChordNode(new NodeRef(64, "h", 1), space, 3, network.from(a), s -> { }))
        .hasMessage("node id 64 out of range 0..63");
  }

  @Test
  void aNodeThatPointsLookupsBackwardsIsTreatedAsFailedAndEveryKeyStillFindsItsOwner() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 7);
    for (int i = 0; i < 12; i++) {
      sim.addNode();
    }
    assertThat(sim.roundsUntilIdeal(50)).as("the ring settles before the lie").isNotNegative();
    List<ChordNode> nodes = sim.liveNodes();
    ChordNode liar = nodes.get(5);
    List<NodeRef> everyone = nodes.stream().map(ChordNode::self).toList();
    NodeRef behind = liar.predecessor().orElseThrow();
    // Its answers name its predecessor as closer to the key: a lookup that believed them would go
    // round between the two until it gave up.
    sim.network().lie(liar.self().id(), step -> new RouteStep(step.self(), step.successors(), List.of(behind)));
    IdealRing ideal = new IdealRing(sim.space(), everyone.stream().map(NodeRef::id).toList());

    for (ChordNode node : nodes) {
      for (int key = 0; key < 64; key++) {
        Lookup lookup = node.lookup(key);
        assertThat(lookup.owner().id()).as("key %d from %s via %s", key, node, lookup.path())
            .isEqualTo(ideal.successorOf(key));
        List<Integer> path = lookup.path();
        for (int i = 1; i < path.size() - 1; i++) {
          assertThat(sim.space().distance(path.get(i), key)).as("hop %d of %s for key %d", i, path, key)
              .isLessThan(sim.space().distance(path.get(i - 1), key));
        }
      }
    }
  }

  @Test
  void anAnswerWithAnEndlessListIsTreatedAsFailed() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 7);
    for (int i = 0; i < 8; i++) {
      sim.addNode();
    }
    assertThat(sim.roundsUntilIdeal(50)).as("the ring settles before the lie").isNotNegative();
    List<ChordNode> nodes = sim.liveNodes();
    ChordNode liar = nodes.get(3);
    // 100,000 successors, all the node before it: believed, it would own every key the liar's range holds.
    List<NodeRef> endless = java.util.Collections.nCopies(100_000, liar.predecessor().orElseThrow());
    sim.network().lie(liar.self().id(), step -> new RouteStep(step.self(), endless, step.preceding()));
    IdealRing ideal = new IdealRing(sim.space(), nodes.stream().map(n -> n.self().id()).toList());

    for (ChordNode node : nodes) {
      for (int key = 0; key < 64; key++) {
        assertThat(node.lookup(key).owner().id()).as("key %d from %s", key, node).isEqualTo(ideal.successorOf(key));
      }
    }
  }

  /** Counts what a node's events hear. */
  private static final class Heard implements ChordNode.Events {
    int rounds;
    int failedRounds;
    final List<Integer> hops = new ArrayList<>();
    int failedLookups;

    @Override
    public void stabilized(boolean failed) {
      rounds++;
      failedRounds += failed ? 1 : 0;
    }

    @Override
    public void lookedUp(int hopCount) {
      hops.add(hopCount);
    }

    @Override
    public void lookupFailed() {
      failedLookups++;
    }
  }

  @Test
  void eventsHearEachStabilizationRoundAndLookupAndWhichOfThemFailed() throws Exception {
    InMemoryNetwork network = new InMemoryNetwork(1);
    IdSpace space = new IdSpace(6);
    Heard heard = new Heard();
    NodeRef self = new NodeRef(19, "sim-19", 1);
    ChordNode n19 = new ChordNode(self, space, 2, network.from(self), state -> { }, heard);
    network.add(n19);
    n19.create();
    NodeRef other = new NodeRef(51, "sim-51", 1);
    ChordNode n51 = new ChordNode(other, space, 2, network.from(other), state -> { });
    network.add(n51);
    n51.join(self);
    heard.hops.clear();

    n19.stabilize();
    n19.lookup(40);
    n19.lookup(10);
    network.crash(51);
    assertThatThrownBy(() -> n19.lookup(40)).isInstanceOf(LookupFailedException.class);
    n19.stabilize();

    assertThat(heard.rounds).isEqualTo(2);
    assertThat(heard.failedRounds).as("the round that found 51 dead").isEqualTo(1);
    assertThat(heard.hops).as("40 is 51's, asked of 19's own state; 10 is 19's own").containsExactly(0, 0);
    assertThat(heard.failedLookups).isEqualTo(1);
  }
}
