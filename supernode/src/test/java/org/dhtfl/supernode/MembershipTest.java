package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.Test;

class MembershipTest {

  private static final String HOST = "127.0.0.1";
  private static final Duration LEASE = Duration.ofSeconds(10);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Membership membership = new Membership(new IdSpace(6), LEASE, now::get, new Random(1));

  private Membership.Decision.Admitted admit(String host, int port) {
    Membership.Decision decision = membership.requestJoin(host, port);
    assertThat(decision).as("join of %s:%d", host, port).isInstanceOf(Membership.Decision.Admitted.class);
    return (Membership.Decision.Admitted) decision;
  }

  private NodeRef join(String host, int port) {
    NodeRef node = admit(host, port).node();
    assertThat(membership.confirm(node.id())).as("confirm of %s", node).isTrue();
    return node;
  }

  @Test
  void aNodeGetsTheIdOfItsPortAsTheReferenceComputesIt() {
    Membership.Decision.Admitted first = admit(HOST, 5001);

    assertThat(first.node()).isEqualTo(new NodeRef(19, HOST, 5001));
    assertThat(first.node().id()).isEqualTo(new IdSpace(6).idOfPort(5001));
    assertThat(first.membersBefore()).isZero();
    assertThat(first.entry()).isEmpty();
  }

  @Test
  void theReferencePortsGetIds19And51And6AndJoinThroughAnEarlierMember() {
    NodeRef n19 = join(HOST, 5001);
    NodeRef n51 = join(HOST, 5002);

    Membership.Decision.Admitted third = admit(HOST, 5003);

    assertThat(n19.id()).isEqualTo(19);
    assertThat(n51.id()).isEqualTo(51);
    assertThat(third.node().id()).isEqualTo(6);
    assertThat(third.membersBefore()).isEqualTo(2);
    assertThat(third.entry()).get().isIn(n19, n51);
  }

  @Test
  void aCollidingIdMovesToTheNextFreeIdClockwise() {
    NodeRef first = join("10.0.0.1", 5001);
    NodeRef second = join("10.0.0.2", 5001);

    NodeRef third = join("10.0.0.3", 5001);

    assertThat(first.id()).isEqualTo(19);
    assertThat(second.id()).isEqualTo(20);
    assertThat(third.id()).isEqualTo(21);
    assertThat(membership.members()).extracting(NodeRef::id).containsExactly(19, 20, 21);
  }

  @Test
  void aCollisionAtTheTopOfTheRingWrapsToZero() {
    IdSpace space = new IdSpace(6);
    int port = 5000;
    while (space.idOfPort(port) != 63) {
      port++;
    }
    join("10.0.0.1", port);

    NodeRef wrapped = join("10.0.0.2", port);

    assertThat(wrapped.id()).isZero();
  }

  @Test
  void aSecondJoinerIsBusyUntilTheFirstConfirms() {
    NodeRef joining = admit(HOST, 5001).node();
    now.addAndGet(4_000);

    Membership.Decision second = membership.requestJoin(HOST, 5002);
    boolean confirmed = membership.confirm(joining.id());
    Membership.Decision third = membership.requestJoin(HOST, 5002);

    assertThat(second).isEqualTo(new Membership.Decision.Busy(joining, 6_000));
    assertThat(confirmed).isTrue();
    assertThat(third).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void aJoinNotConfirmedWithinItsLeaseExpires() {
    NodeRef crashed = admit(HOST, 5001).node();
    now.addAndGet(LEASE.toMillis() - 1);
    Membership.Decision stillBusy = membership.requestJoin(HOST, 5002);
    now.addAndGet(1);

    Membership.Decision next = membership.requestJoin(HOST, 5002);

    assertThat(stillBusy).isEqualTo(new Membership.Decision.Busy(crashed, 1));
    assertThat(next).isInstanceOf(Membership.Decision.Admitted.class);
    assertThat(membership.takeExpired()).contains(crashed);
    assertThat(membership.takeExpired()).isEmpty();
    assertThat(membership.confirm(crashed.id())).isFalse();
    assertThat(membership.members()).isEmpty();
  }

  @Test
  void aConfirmAfterTheLeaseRanOutIsRefusedEvenWithNoOtherJoiner() {
    NodeRef late = admit(HOST, 5001).node();
    now.addAndGet(LEASE.toMillis());

    boolean confirmed = membership.confirm(late.id());

    assertThat(confirmed).isFalse();
    assertThat(membership.members()).isEmpty();
    assertThat(membership.requestJoin(HOST, 5002)).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void aConfirmOfAnotherIdIsRefusedAndTheJoinStaysPending() {
    NodeRef joining = admit(HOST, 5001).node();

    boolean wrong = membership.confirm(51);

    assertThat(wrong).isFalse();
    assertThat(membership.members()).isEmpty();
    assertThat(membership.requestJoin(HOST, 5002)).isInstanceOf(Membership.Decision.Busy.class);
    assertThat(membership.confirm(joining.id())).isTrue();
  }

  @Test
  void aConfirmWithNoJoinInProgressIsRefused() {
    assertThat(membership.confirm(19)).isFalse();
  }

  @Test
  void aNodeRejoiningFromTheSameHostAndPortKeepsItsId() {
    join("10.0.0.1", 5001);
    NodeRef other = join("10.0.0.2", 5001);
    join(HOST, 5002);
    membership.remove(19);
    NodeRef newcomer = join("10.0.0.3", 5001);

    Membership.Decision.Admitted again = admit("10.0.0.2", 5001);
    boolean confirmed = membership.confirm(again.node().id());

    assertThat(newcomer.id()).isEqualTo(19);
    assertThat(again.node()).isEqualTo(other);
    assertThat(again.membersBefore()).isEqualTo(2);
    assertThat(again.entry()).get().matches(n -> !n.sameAs(other), "is not the rejoining node itself");
    assertThat(confirmed).isTrue();
    assertThat(membership.members()).extracting(NodeRef::id).containsExactly(19, 20, 51);
  }

  @Test
  void aFullRingRefusesNewNodesButStillLetsAMemberRejoin() {
    Membership small = new Membership(new IdSpace(3), LEASE, now::get, new Random(1));
    for (int port = 6000; port < 6008; port++) {
      NodeRef node = ((Membership.Decision.Admitted) small.requestJoin(HOST, port)).node();
      assertThat(small.confirm(node.id())).isTrue();
    }

    Membership.Decision newcomer = small.requestJoin(HOST, 6008);
    Membership.Decision rejoin = small.requestJoin(HOST, 6003);

    assertThat(small.members()).extracting(NodeRef::id).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
    assertThat(newcomer).isEqualTo(new Membership.Decision.Full(8));
    assertThat(rejoin).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void randomMemberSkipsMembersMarkedUnreachable() {
    join(HOST, 5001);
    NodeRef up = join(HOST, 5002);
    join(HOST, 5003);
    membership.markReachable(19, false);
    membership.markReachable(6, false);

    for (int i = 0; i < 50; i++) {
      assertThat(membership.randomMember()).contains(up);
    }
  }

  @Test
  void randomMemberFallsBackToAnyMemberWhenNoneAnswered() {
    NodeRef a = join(HOST, 5001);
    NodeRef b = join(HOST, 5002);
    membership.markReachable(a.id(), false);
    membership.markReachable(b.id(), false);

    Optional<NodeRef> picked = membership.randomMember();

    assertThat(picked).get().isIn(a, b);
  }

  @Test
  void aMemberThatAnswersAgainIsHandedOutAgain() {
    NodeRef a = join(HOST, 5001);
    NodeRef b = join(HOST, 5002);
    membership.markReachable(a.id(), false);
    membership.markReachable(a.id(), true);
    membership.markReachable(b.id(), false);

    Optional<NodeRef> picked = membership.randomMember();

    assertThat(picked).contains(a);
  }

  @Test
  void randomMemberOfAnEmptyRingIsEmptyAndThePendingJoinerIsNotHandedOut() {
    admit(HOST, 5001);

    assertThat(membership.randomMember()).isEmpty();
  }

  @Test
  void randomMemberPicksEveryReachableMemberSometimes() {
    NodeRef a = join(HOST, 5001);
    NodeRef b = join(HOST, 5002);
    NodeRef c = join(HOST, 5003);

    Set<NodeRef> seen = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      membership.randomMember().ifPresent(seen::add);
    }

    assertThat(seen).containsExactlyInAnyOrder(a, b, c);
  }

  @Test
  void removeDropsAMemberAndReportsWhetherItWasOne() {
    join(HOST, 5001);
    join(HOST, 5002);

    boolean removed = membership.remove(19);
    boolean again = membership.remove(19);

    assertThat(removed).isTrue();
    assertThat(again).isFalse();
    assertThat(membership.members()).extracting(NodeRef::id).containsExactly(51);
    assertThat(membership.find(19)).isEmpty();
  }

  @Test
  void aRemovedIdIsFreeForTheNextJoiner() {
    join("10.0.0.1", 5001);
    membership.remove(19);

    NodeRef next = join("10.0.0.2", 5001);

    assertThat(next.id()).isEqualTo(19);
  }

  @Test
  void findKnowsConfirmedMembersAndThePendingJoiner() {
    NodeRef member = join(HOST, 5001);
    NodeRef pending = admit(HOST, 5002).node();

    assertThat(membership.find(19)).contains(member);
    assertThat(membership.find(51)).contains(pending);
    assertThat(membership.find(6)).isEmpty();
    assertThat(membership.members()).containsExactly(member);
  }

  @Test
  void membersAreListedInIdOrder() {
    join(HOST, 5001);
    join(HOST, 5002);
    join(HOST, 5003);

    assertThat(membership.members()).extracting(NodeRef::id).containsExactly(6, 19, 51);
  }

  // ------------------------------------------------------------ restarts, heartbeats, drops

  private static final Duration GRACE = Duration.ofSeconds(6);
  private static final Duration DROP_AFTER = Duration.ofSeconds(10);

  private final List<List<NodeRef>> written = new ArrayList<>();

  private Membership restarted(NodeRef... restored) {
    return new Membership(new IdSpace(6), new Membership.Timing(LEASE, GRACE, DROP_AFTER), now::get, new Random(1),
        List.of(restored), written::add);
  }

  @Test
  void restoredMembersAreMembersAndAJoinerEntersThroughThemAtOnce() {
    NodeRef n19 = new NodeRef(19, HOST, 5001);
    NodeRef n51 = new NodeRef(51, HOST, 5002);
    Membership after = restarted(n19, n51);

    Membership.Decision decision = after.requestJoin(HOST, 5003);

    assertThat(after.members()).containsExactly(n19, n51);
    assertThat(decision).isInstanceOfSatisfying(Membership.Decision.Admitted.class, admitted -> {
      assertThat(admitted.membersBefore()).isEqualTo(2);
      assertThat(admitted.entry()).get().isIn(n19, n51);
    });
    assertThat(written).as("restoring is no change").isEmpty();
  }

  @Test
  void withNoMemberNoJoinerIsToldItIsTheFirstUntilTheGracePeriodIsOver() {
    Membership after = restarted();
    now.addAndGet(GRACE.toMillis() - 1);

    Membership.Decision during = after.requestJoin(HOST, 5001);
    now.addAndGet(1);
    Membership.Decision over = after.requestJoin(HOST, 5001);

    assertThat(during).isEqualTo(new Membership.Decision.Recovering(1));
    assertThat(over).isInstanceOfSatisfying(Membership.Decision.Admitted.class,
        admitted -> assertThat(admitted.entry()).isEmpty());
  }

  @Test
  void endingTheGracePeriodLetsTheFirstNodeInAtOnce() {
    Membership after = restarted();

    after.endGrace();

    assertThat(after.graceLeftMillis()).isZero();
    assertThat(after.requestJoin(HOST, 5001)).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void aHeartbeatFromAForgottenNodeMakesItAMemberAgainDuringTheGracePeriod() {
    Membership after = restarted();
    NodeRef n19 = new NodeRef(19, HOST, 5001);

    Membership.Renewal renewal = after.renew(n19);
    Membership.Decision joiner = after.requestJoin(HOST, 5002);

    assertThat(renewal).isEqualTo(new Membership.Renewal.Relearned());
    assertThat(after.members()).containsExactly(n19);
    assertThat(written).containsExactly(List.of(n19));
    assertThat(joiner).isInstanceOfSatisfying(Membership.Decision.Admitted.class,
        admitted -> assertThat(admitted.entry()).contains(n19));
  }

  @Test
  void aHeartbeatFromAKnownMemberChangesNothingOnDisk() {
    NodeRef n19 = new NodeRef(19, HOST, 5001);
    Membership after = restarted(n19);

    Membership.Renewal renewal = after.renew(n19);

    assertThat(renewal).isEqualTo(new Membership.Renewal.Renewed());
    assertThat(written).isEmpty();
  }

  @Test
  void aHeartbeatForAnIdThatAnotherNodeHoldsIsAConflict() {
    NodeRef n19 = new NodeRef(19, HOST, 5001);
    Membership after = restarted(n19);
    NodeRef pending = ((Membership.Decision.Admitted) after.requestJoin(HOST, 5002)).node();

    Membership.Renewal memberHeld = after.renew(new NodeRef(19, "10.0.0.9", 5001));
    Membership.Renewal joinerHeld = after.renew(new NodeRef(pending.id(), "10.0.0.9", 5002));

    assertThat(memberHeld).isEqualTo(new Membership.Renewal.Conflict(n19));
    assertThat(joinerHeld).isEqualTo(new Membership.Renewal.Conflict(pending));
    assertThat(after.members()).containsExactly(n19);
  }

  @Test
  void theJoinerItselfIsAMemberOnlyOnceItConfirmsWhateverIsHeardFromItBefore() {
    Membership after = restarted(new NodeRef(19, HOST, 5001));
    NodeRef joiner = ((Membership.Decision.Admitted) after.requestJoin(HOST, 5002)).node();

    Membership.Renewal renewal = after.renew(joiner);

    assertThat(renewal).isEqualTo(new Membership.Renewal.Renewed());
    assertThat(after.members()).extracting(NodeRef::id).containsExactly(19);
    assertThat(after.confirm(joiner.id())).isTrue();
  }

  @Test
  void aSupernodeMayHaveForgottenMembersWithNoMemberOrDuringTheGracePeriodButNotWhileANodeJoins() {
    Membership after = restarted();
    boolean inGraceKnowingNoOne = after.mayHaveForgotten();
    after.renew(new NodeRef(19, HOST, 5001));
    boolean inGraceKnowingOne = after.mayHaveForgotten();
    after.endGrace();
    boolean afterGraceKnowingOne = after.mayHaveForgotten();
    after.remove(19);
    NodeRef joiner = ((Membership.Decision.Admitted) after.requestJoin(HOST, 5002)).node();
    boolean whileJoining = after.mayHaveForgotten();
    after.confirm(joiner.id());

    assertThat(inGraceKnowingNoOne).isTrue();
    assertThat(inGraceKnowingOne).as("one member that renewed is not all of them").isTrue();
    assertThat(afterGraceKnowingOne).isFalse();
    assertThat(whileJoining).isFalse();
    assertThat(after.mayHaveForgotten()).isFalse();
  }

  @Test
  void aMemberKeepsTheIdItWasAdmittedWith() {
    NodeRef member = join(HOST, 5001);

    Membership.Renewal renewal = membership.renew(new NodeRef(20, HOST, 5001));

    assertThat(renewal).isEqualTo(new Membership.Renewal.Moved(member));
    assertThat(membership.members()).containsExactly(member);
  }

  @Test
  void aRequestForTheAddressHoldingTheSlotGetsTheSameAdmissionAndLease() {
    NodeRef first = admit(HOST, 5001).node();
    now.addAndGet(4_000);

    Membership.Decision.Admitted again = admit(HOST, 5001);
    now.addAndGet(LEASE.toMillis() - 4_000);

    assertThat(again.node()).isEqualTo(first);
    assertThat(membership.confirm(first.id())).as("the lease counts from the first admission").isFalse();
  }

  @Test
  void aFreedSlotGoesToTheAddressThatWaitedLongestNotBackToItsHolder() {
    NodeRef squatter = admit(HOST, 5001).node();
    Membership.Decision waiter = membership.requestJoin(HOST, 5002);
    now.addAndGet(LEASE.toMillis() - 1);
    membership.requestJoin(HOST, 5002);
    now.addAndGet(1);

    Membership.Decision again = membership.requestJoin(HOST, 5001);
    Membership.Decision.Admitted next = admit(HOST, 5002);

    assertThat(waiter).isEqualTo(new Membership.Decision.Busy(squatter, LEASE.toMillis()));
    assertThat(again).isEqualTo(new Membership.Decision.Queued(HOST + ":5002"));
    assertThat(next.node().port()).isEqualTo(5002);
  }

  @Test
  void anAddressThatStoppedAskingLosesItsPlace() {
    admit(HOST, 5001);
    membership.requestJoin(HOST, 5002);
    now.addAndGet(Membership.WAITER_PATIENCE.toMillis());

    Membership.Decision again = membership.requestJoin(HOST, 5001);

    assertThat(again).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void aHeartbeatWithANewIdReplacesTheOldEntryOfItsAddress() {
    Membership after = restarted(new NodeRef(19, HOST, 5001));

    after.renew(new NodeRef(20, HOST, 5001));

    assertThat(after.members()).containsExactly(new NodeRef(20, HOST, 5001));
  }

  @Test
  void everyChangeOfTheMembersIsPassedOnInOrder() {
    Membership after = restarted();
    after.endGrace();
    NodeRef n19 = ((Membership.Decision.Admitted) after.requestJoin(HOST, 5001)).node();
    after.confirm(n19.id());
    NodeRef n51 = ((Membership.Decision.Admitted) after.requestJoin(HOST, 5002)).node();
    after.confirm(n51.id());

    after.remove(19);
    after.remove(19);

    assertThat(written).containsExactly(List.of(n19), List.of(n19, n51), List.of(n51));
  }

  @Test
  void aMemberThatNeitherRenewsNorAnswersForTheDropTimeIsDropped() {
    NodeRef renewing = new NodeRef(19, HOST, 5001);
    NodeRef answering = new NodeRef(51, HOST, 5002);
    NodeRef silent = new NodeRef(6, HOST, 5003);
    Membership after = restarted(renewing, answering, silent);

    for (int second = 1; second <= 10; second++) {
      now.addAndGet(1_000);
      after.renew(renewing);
      after.markReachable(answering.id(), true);
      after.markReachable(silent.id(), false);
      List<NodeRef> dropped = after.dropSilent();
      assertThat(dropped).as("after %d s", second).isEqualTo(second < 10 ? List.of() : List.of(silent));
    }

    assertThat(after.members()).containsExactly(renewing, answering);
    assertThat(written).containsExactly(List.of(renewing, answering));
  }

  @Test
  void aDroppedMemberThatRenewsIsAMemberAgain() {
    NodeRef n19 = new NodeRef(19, HOST, 5001);
    Membership after = restarted(n19);
    now.addAndGet(DROP_AFTER.toMillis());
    after.dropSilent();

    Membership.Renewal renewal = after.renew(n19);

    assertThat(renewal).isEqualTo(new Membership.Renewal.Relearned());
    assertThat(after.members()).containsExactly(n19);
  }

  @Test
  void twoRestoredMembersWithOneIdAreRefused() {
    assertThatThrownBy(() -> restarted(new NodeRef(19, HOST, 5001), new NodeRef(19, HOST, 5002)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("two restored members have id 19");
  }

  @Test
  void aLeaseMustBePositive() {
    assertThatThrownBy(() -> new Membership(new IdSpace(6), Duration.ZERO, now::get, new Random(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("join lease")
        .hasMessageContaining("must be positive");
  }

  @Test
  void aMemberWhoseSuccessorsLeadIntoAnotherRingIsHandedOutNoMoreUntilTheRingsAreOne() {
    NodeRef n19 = join(HOST, 5001);
    NodeRef n51 = join(HOST, 5002);
    NodeRef n6 = join(HOST, 5003);
    membership.markSuccessor(n19.id(), Optional.of(51));
    membership.markSuccessor(n51.id(), Optional.of(19));
    membership.markSuccessor(n6.id(), Optional.of(6));

    Set<Integer> handedOut = new HashSet<>();
    for (int i = 0; i < 100; i++) {
      handedOut.add(membership.randomMember().orElseThrow().id());
    }

    assertThat(membership.outsideMainRing()).containsExactly(6);
    assertThat(handedOut).containsExactlyInAnyOrder(19, 51);

    membership.markSuccessor(n51.id(), Optional.of(6));
    membership.markSuccessor(n6.id(), Optional.of(19));
    for (int i = 0; i < 100; i++) {
      handedOut.add(membership.randomMember().orElseThrow().id());
    }
    assertThat(membership.outsideMainRing()).isEmpty();
    assertThat(handedOut).containsExactlyInAnyOrder(19, 51, 6);
  }
}
