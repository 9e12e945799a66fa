package org.dhtfl.chord;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.Test;

class RingMergeTest {

  private static List<NodeRef> members(RingSimulation sim) {
    return sim.liveNodes().stream().map(ChordNode::self).toList();
  }

  private static ChordNode node(RingSimulation sim, int id) {
    return sim.liveNodes().stream().filter(n -> n.self().id() == id).findFirst().orElseThrow();
  }

  @Test
  void twoRingsOfSeveralNodesLeftByAPartitionBecomeOneIdealRing() throws Exception {
    RingSimulation sim = new RingSimulation(10, 4, 3);
    for (int i = 0; i < 16; i++) {
      sim.addNode();
    }
    assertThat(sim.roundsUntilIdeal(20)).isNotNegative();
    sim.split(0.5);
    assertThat(sim.roundsUntilEachSideIdeal(30)).as("each side settles into a ring of its own").isNotNegative();
    sim.heal();
    for (int i = 0; i < 20; i++) {
      sim.round();
    }
    assertThat(sim.firstDifference()).as("plain Chord keeps the two rings").isPresent();

    int rounds = sim.roundsUntilIdealWithUnification(20);

    assertThat(rounds).as("rounds until one ideal ring: %s", sim.firstDifference()).isBetween(1, 20);
    RingSimulation.LookupStats lookups = sim.lookups(500);
    assertThat(lookups.failed()).isZero();
    assertThat(lookups.wrong()).as(sim.lastFailure()).isZero();
  }

  @Test
  void aRingOfOneAndARingOfTwoBecomeTheReferenceRing() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.split(1.0 / 3);
    assertThat(sim.roundsUntilEachSideIdeal(10)).isNotNegative();
    sim.heal();

    int rounds = sim.roundsUntilIdealWithUnification(10);

    assertThat(rounds).as("%s", sim.firstDifference()).isBetween(1, 10);
    assertThat(node(sim, 19).state().successors().stream().map(NodeRef::id).toList()).containsExactly(51, 6);
    assertThat(node(sim, 6).lookup(58).owner().id()).isEqualTo(6);
    assertThat(node(sim, 51).lookup(10).owner().id()).isEqualTo(19);
  }

  @Test
  void aNodeAloneAdoptsTheOwnerTheOtherRingNamesAndThatOwnerTakesItAsPredecessor() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    Set<Integer> alone = sim.split(1.0 / 3);
    int lone = alone.iterator().next();
    sim.roundsUntilEachSideIdeal(10);
    sim.heal();
    ChordNode node = node(sim, lone);
    assertThat(node.state().successors()).isEmpty();

    RingMerge.Outcome outcome = node.unify(members(sim));

    assertThat(outcome).isEqualTo(RingMerge.Outcome.OTHER_RING);
    NodeRef successor = node.state().successor();
    assertThat(successor.sameAs(node.self())).isFalse();
    assertThat(node(sim, successor.id()).predecessor()).contains(node.self());
  }

  @Test
  void aRingWhoseMembersAreAllNeighboursChecksWithoutASingleCall() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.roundsUntilIdeal(5);
    long before = sim.network().messages();

    for (ChordNode node : sim.liveNodes()) {
      assertThat(node.unify(members(sim))).isEqualTo(RingMerge.Outcome.NOTHING_TO_CHECK);
    }

    assertThat(sim.network().messages()).isEqualTo(before);
  }

  @Test
  void aMemberOfTheSameRingIsFoundToBeOneAndNothingChanges() throws Exception {
    RingSimulation sim = new RingSimulation(8, 2, 5);
    for (int i = 0; i < 12; i++) {
      sim.addNode();
    }
    assertThat(sim.roundsUntilIdeal(20)).isNotNegative();
    ChordNode node = sim.liveNodes().get(0);
    var before = node.state();

    RingMerge.Outcome outcome = node.unify(members(sim));

    assertThat(outcome).isEqualTo(RingMerge.Outcome.SAME_RING);
    assertThat(node.state()).isEqualTo(before);
  }

  @Test
  void checksGoRoundTheListedMembersInTurn() throws Exception {
    RingSimulation sim = new RingSimulation(8, 2, 5);
    for (int i = 0; i < 12; i++) {
      sim.addNode();
    }
    sim.roundsUntilIdeal(20);
    ChordNode node = sim.liveNodes().get(0);
    List<Integer> neighbours = new java.util.ArrayList<>(node.state().successors().stream().map(NodeRef::id).toList());
    node.predecessor().ifPresent(p -> neighbours.add(p.id()));
    long others = members(sim).stream().filter(m -> m.id() != node.self().id() && !neighbours.contains(m.id())).count();
    long messagesBefore = sim.network().messages();

    for (int i = 0; i < others; i++) {
      node.unify(members(sim));
    }

    assertThat(sim.network().messages() - messagesBefore).as("one lookup request per check at least")
        .isGreaterThanOrEqualTo(others);
  }

  @Test
  void aMemberThatDoesNotAnswerIsReportedAndNothingChanges() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.split(1.0 / 3);
    sim.roundsUntilEachSideIdeal(10);
    ChordNode n = sim.liveNodes().get(0);
    var before = n.state();

    RingMerge.Outcome outcome = n.unify(members(sim));

    assertThat(outcome).isEqualTo(RingMerge.Outcome.NO_ANSWER);
    assertThat(n.state()).isEqualTo(before);
  }

  @Test
  void anOwnerThatIsNotListedIsNeverAdopted() throws Exception {
    RingSimulation sim = new RingSimulation(6, 3, 1);
    sim.addNode(19);
    sim.addNode(51);
    sim.addNode(6);
    sim.split(1.0 / 3);
    sim.roundsUntilEachSideIdeal(10);
    sim.heal();
    List<ChordNode> nodes = sim.liveNodes();
    // Each node hears only of itself and one member of the other ring, never of that member's owner.
    for (ChordNode node : nodes) {
      for (ChordNode other : nodes) {
        if (other != node) {
          node.unify(List.of(node.self(), other.self()));
        }
      }
    }

    assertThat(sim.firstDifference()).isPresent();
  }
}
