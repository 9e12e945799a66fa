package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.supernodeConstants;
import org.junit.jupiter.api.Test;

class SupernodeHandlerTest {

  private static final long LEASE_MS = 10_000;

  private final AtomicLong now = new AtomicLong(5_000);

  private SupernodeHandler handler(int bits, String... admitted) throws IOException {
    Membership membership = new Membership(new IdSpace(bits), Duration.ofMillis(LEASE_MS), now::get, new Random(1));
    return new SupernodeHandler(AdmissionList.parse("compute_node.txt", List.of(admitted)), membership);
  }

  private SupernodeHandler demo() throws IOException {
    return handler(6, "127.0.0.1,5001", "127.0.0.1,5002", "127.0.0.1,5003");
  }

  private static void join(SupernodeHandler handler, int port) {
    JoinResponse response = handler.join_ring(port);
    assertThat(response.getId()).as("join of port %d: %s", port, response.getReason()).isNotNegative();
    assertThat(handler.confirm_join(response.getId())).isTrue();
  }

  @Test
  void aCallWithoutAPeerAddressIsTreatedAsComingFromLoopback() throws IOException {
    SupernodeHandler loopbackListed = demo();
    SupernodeHandler onlyRemoteListed = handler(6, "203.0.113.7,5001");

    JoinResponse admitted = loopbackListed.join_ring(5001);
    JoinResponse refused = onlyRemoteListed.join_ring(5001);

    assertThat(admitted.getId()).isEqualTo(19);
    assertThat(refused.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(refused.getReason()).isEqualTo("port 5001 is listed for 203.0.113.7, not for 127.0.0.1");
  }

  @Test
  void theFirstNodeIsAdmittedWithItsIdBitsAndLeaseAndNoEntry() throws IOException {
    SupernodeHandler handler = demo();

    JoinResponse response = handler.join_ring(5001);

    assertThat(response.getId()).isEqualTo(19);
    assertThat(response.getNo_of_nodes()).isZero();
    assertThat(response.getNode()).isEqualTo(new NodeRef(19, "127.0.0.1", 5001));
    assertThat(response.isSetEntry()).isFalse();
    assertThat(response.getBits()).isEqualTo(6);
    assertThat(response.getLease_ms()).isEqualTo(LEASE_MS);
    assertThat(response.isSetReason()).isFalse();
  }

  @Test
  void aLaterNodeIsGivenAMemberToJoinThrough() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);

    JoinResponse response = handler.join_ring(5002);

    assertThat(response.getId()).isEqualTo(51);
    assertThat(response.getNo_of_nodes()).isEqualTo(1);
    assertThat(response.getNode()).isEqualTo(new NodeRef(51, "127.0.0.1", 5002));
    assertThat(response.getEntry()).isEqualTo(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void anUnlistedPortIsRefusedWithTheReason() throws IOException {
    SupernodeHandler handler = demo();

    JoinResponse response = handler.join_ring(5009);

    assertThat(response.getId()).isEqualTo(-3);
    assertThat(response.getReason()).isEqualTo("port 5009 is not in the admission list");
    assertThat(handler.get_members()).isEmpty();
  }

  @Test
  void portsOutOfRangeAreRefusedWithTheReason() throws IOException {
    SupernodeHandler handler = demo();

    JoinResponse zero = handler.join_ring(0);
    JoinResponse tooHigh = handler.join_ring(70000);

    assertThat(zero.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(zero.getReason()).isEqualTo("port 0 out of range 1..65535");
    assertThat(tooHigh.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(tooHigh.getReason()).isEqualTo("port 70000 out of range 1..65535");
  }

  @Test
  void aSecondJoinerGetsTheReferencesBusySentinelWithAReason() throws IOException {
    SupernodeHandler handler = demo();
    handler.join_ring(5001);
    now.addAndGet(3_000);

    JoinResponse response = handler.join_ring(5002);

    assertThat(response.getId()).isEqualTo(-1);
    assertThat(response.getReason()).isEqualTo("node 19@127.0.0.1:5001 is joining; retry within 7000 ms");
  }

  @Test
  void aJoinerThatNeverConfirmsStopsBlockingOnceItsLeaseRunsOut() throws IOException {
    SupernodeHandler handler = demo();
    handler.join_ring(5001);
    now.addAndGet(LEASE_MS);

    JoinResponse response = handler.join_ring(5002);

    assertThat(response.getId()).isEqualTo(51);
    assertThat(handler.confirm_join(19)).isFalse();
  }

  @Test
  void aFullRingGetsTheReferencesFullSentinelWithAReason() throws IOException {
    String[] listed = new String[9];
    for (int i = 0; i < listed.length; i++) {
      listed[i] = "127.0.0.1," + (6000 + i);
    }
    SupernodeHandler handler = handler(3, listed);
    for (int i = 0; i < 8; i++) {
      join(handler, 6000 + i);
    }

    JoinResponse response = handler.join_ring(6008);

    assertThat(response.getId()).isEqualTo(-2);
    assertThat(response.getReason()).isEqualTo("all 8 identifiers are taken");
  }

  @Test
  void confirmJoinOfAnotherIdIsRefused() throws IOException {
    SupernodeHandler handler = demo();
    handler.join_ring(5001);

    boolean other = handler.confirm_join(51);
    boolean own = handler.confirm_join(19);

    assertThat(other).isFalse();
    assertThat(own).isTrue();
  }

  @Test
  void getNodeAnswersIdIpPort() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);

    String node = handler.get_node();

    assertThat(node).isEqualTo("19:127.0.0.1:5001");
  }

  @Test
  void getNodeOfAnEmptyRingAnswersTheReferencesError() throws IOException {
    SupernodeHandler handler = demo();
    handler.join_ring(5001);

    String node = handler.get_node();

    assertThat(node).isEqualTo("Error: No active nodes");
  }

  @Test
  void getComputeNodeAddressResolvesMembersAndTheJoiner() throws Exception {
    SupernodeHandler handler = demo();
    join(handler, 5001);
    handler.join_ring(5002);

    assertThat(handler.get_compute_node_address(19)).isEqualTo("127.0.0.1:5001");
    assertThat(handler.get_compute_node_address(51)).isEqualTo("127.0.0.1:5002");
  }

  @Test
  void getComputeNodeAddressOfAnUnknownIdNamesTheId() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);

    assertThatThrownBy(() -> handler.get_compute_node_address(7))
        .isInstanceOf(InvalidRequest.class)
        .hasMessage("node id 7 is not a member");
  }

  @Test
  void removeJoinTakesTheNodeOutOfTheRing() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);
    join(handler, 5002);

    handler.remove_join(19);
    handler.remove_join(19);

    assertThat(handler.get_members()).containsExactly(new NodeRef(51, "127.0.0.1", 5002));
    assertThat(handler.get_node()).isEqualTo("51:127.0.0.1:5002");
    assertThatThrownBy(() -> handler.get_compute_node_address(19)).isInstanceOf(InvalidRequest.class);
  }

  // ------------------------------------------------------------ renew (the heartbeat) and the grace period

  /** A supernode that has just started with no member; the listed addresses do not answer. */
  private SupernodeHandler restarted(Membership.Timing timing) throws IOException {
    Membership membership = new Membership(new IdSpace(6), timing, now::get, new Random(1), List.of(), m -> {
    });
    AdmissionList list = AdmissionList.parse("compute_node.txt",
        List.of("127.0.0.1,5001", "127.0.0.1,5002", "127.0.0.1,5003"));
    ForgottenMembers silence = new ForgottenMembers(membership, entries -> entries.stream()
        .collect(Collectors.toMap(e -> e, e -> new NodeProbe.Answer.Silent("connect timed out"))), true);
    return new SupernodeHandler(() -> list, membership, silence, Duration.ofMillis(1_500));
  }

  private static final Membership.Timing SIX_SECONDS_OF_GRACE =
      new Membership.Timing(Duration.ofMillis(LEASE_MS), Duration.ofSeconds(6), Duration.ofSeconds(10));

  @Test
  void aRenewalFromAListedAddressMakesAForgottenNodeAMemberAndNamesTheNextHeartbeat() throws Exception {
    SupernodeHandler handler = restarted(SIX_SECONDS_OF_GRACE);

    long next = handler.renew(new NodeRef(19, "127.0.0.1", 5001));
    long again = handler.renew(new NodeRef(19, "127.0.0.1", 5001));

    assertThat(next).isEqualTo(1_500);
    assertThat(again).isEqualTo(1_500);
    assertThat(handler.get_members()).containsExactly(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void aRenewalTakesTheListedHostWhateverHostTheNodeNames() throws Exception {
    SupernodeHandler handler = restarted(SIX_SECONDS_OF_GRACE);

    handler.renew(new NodeRef(19, "localhost", 5001));

    assertThat(handler.get_members()).containsExactly(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void aRenewalForAnUnlistedPortAnIdOutOfRangeOrAnIdHeldByAnotherNodeIsRefused() throws Exception {
    SupernodeHandler handler = restarted(SIX_SECONDS_OF_GRACE);
    handler.renew(new NodeRef(19, "127.0.0.1", 5001));

    assertThatThrownBy(() -> handler.renew(new NodeRef(19, "127.0.0.1", 5009)))
        .isInstanceOf(InvalidRequest.class).hasMessage("port 5009 is not in the admission list");
    assertThatThrownBy(() -> handler.renew(new NodeRef(64, "127.0.0.1", 5002)))
        .isInstanceOf(InvalidRequest.class).hasMessage("node id 64 out of range 0..63");
    assertThatThrownBy(() -> handler.renew(new NodeRef(19, "127.0.0.1", 5002)))
        .isInstanceOf(InvalidRequest.class).hasMessage("node id 19 is held by node 19@127.0.0.1:5001");
    assertThat(handler.get_members()).containsExactly(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void aRenewalUnderAnotherIdThanTheMembersIsRefused() throws Exception {
    SupernodeHandler handler = demo();
    join(handler, 5001);

    assertThatThrownBy(() -> handler.renew(new NodeRef(20, "127.0.0.1", 5001)))
        .isInstanceOf(InvalidRequest.class)
        .hasMessage("the node at 127.0.0.1:5001 is member 19 and keeps the id it was admitted with");
    assertThat(handler.get_members()).containsExactly(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void anAddressAskingAgainAfterItsLeaseRanOutWaitsBehindOneThatWaitedLonger() throws IOException {
    SupernodeHandler handler = demo();
    handler.join_ring(5001);
    now.addAndGet(LEASE_MS - 1);
    handler.join_ring(5002);
    now.addAndGet(1);

    JoinResponse again = handler.join_ring(5001);

    assertThat(again.getId()).isEqualTo(-1);
    assertThat(again.getReason()).isEqualTo("127.0.0.1:5002 has waited longer to join; retry");
    assertThat(handler.join_ring(5002).getId()).isEqualTo(51);
  }

  @Test
  void justAfterAStartWithNoMemberAJoinerIsAskedToRetryInsteadOfBeingTheFirst() throws Exception {
    SupernodeHandler handler = restarted(SIX_SECONDS_OF_GRACE);
    now.addAndGet(2_000);

    JoinResponse during = handler.join_ring(5003);
    now.addAndGet(4_000);
    JoinResponse after = handler.join_ring(5003);

    assertThat(during.getId()).isEqualTo(supernodeConstants.JOIN_BUSY);
    assertThat(during.getReason()).isEqualTo("the supernode has just started and knows no member yet; it waits 6000 ms "
        + "for the members of a ring it may have forgotten to renew; retry within 4000 ms");
    assertThat(after.getId()).isEqualTo(6);
    assertThat(after.isSetEntry()).isFalse();
  }

  @Test
  void aJoinerDuringTheGracePeriodEntersThroughAMemberThatRenewed() throws Exception {
    SupernodeHandler handler = restarted(SIX_SECONDS_OF_GRACE);
    handler.renew(new NodeRef(19, "127.0.0.1", 5001));

    JoinResponse response = handler.join_ring(5003);

    assertThat(response.getId()).isEqualTo(6);
    assertThat(response.getEntry()).isEqualTo(new NodeRef(19, "127.0.0.1", 5001));
  }

  @Test
  void aNodeAskingWithTheReferencesRequestJoinIsToldTheNetworkIsFullWithTheReasonAndNoMembers() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);
    join(handler, 5002);

    JoinResponse response = handler.request_join(5003);

    assertThat(response.getId()).isEqualTo(supernodeConstants.JOIN_FULL);
    assertThat(response.getNo_of_nodes()).as("a reference node counting no member calls none").isZero();
    assertThat(response.getReason()).isEqualTo(Admission.referenceNodeRefusal(5003))
        .startsWith("port 5003 asked to join with request_join, as a node of the reference system does")
        .endsWith("dhtfl nodes join with join_ring");
    assertThat(response.isSetNode()).isFalse();
    assertThat(response.isSetEntry()).isFalse();
    assertThat(handler.confirm_join(6)).isFalse();
    assertThat(handler.confirm_join(supernodeConstants.JOIN_FULL)).isFalse();
    assertThat(handler.get_members()).extracting(NodeRef::getId).containsExactly(19, 51);
  }

  @Test
  void aRefusedReferenceNodeHoldsNoJoinSoTheNextNodeGoesAhead() throws IOException {
    SupernodeHandler handler = demo();
    handler.request_join(5001);

    JoinResponse next = handler.join_ring(5002);

    assertThat(next.getId()).isEqualTo(51);
    assertThat(next.getNo_of_nodes()).isZero();
  }

  @Test
  void requestJoinIsCheckedAgainstTheAdmissionListFirst() throws IOException {
    SupernodeHandler handler = demo();

    JoinResponse response = handler.request_join(5009);

    assertThat(response.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(response.getReason()).isEqualTo("port 5009 is not in the admission list");
  }

  @Test
  void membersAreListedInIdOrderWithTheBits() throws IOException {
    SupernodeHandler handler = demo();
    join(handler, 5001);
    join(handler, 5002);
    join(handler, 5003);

    assertThat(handler.get_members()).extracting(NodeRef::getId).containsExactly(6, 19, 51);
    assertThat(handler.get_bits()).isEqualTo(6);
  }
}
