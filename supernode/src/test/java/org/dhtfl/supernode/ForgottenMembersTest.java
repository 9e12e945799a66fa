package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.Test;

class ForgottenMembersTest {

  private static final Duration GRACE = Duration.ofSeconds(6);

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final Membership membership = new Membership(new IdSpace(6),
      new Membership.Timing(Duration.ofSeconds(10), GRACE, Duration.ofSeconds(10)), now::get, new Random(1),
      List.of(), members -> {
      });
  private final AdmissionList list;
  /** What each listed port answers; a port not named here refuses the connection. */
  private final Map<Integer, NodeProbe.Answer> answers = new HashMap<>();
  private final List<List<Integer>> asked = new ArrayList<>();

  ForgottenMembersTest() throws IOException {
    list = AdmissionList.parse("compute_node.txt", List.of("127.0.0.1,5001", "127.0.0.1,5002", "127.0.0.1,5003",
        "127.0.0.1,5004"));
  }

  private ForgottenMembers search(boolean graceMayEndEarly) {
    return new ForgottenMembers(membership, entries -> {
      asked.add(entries.stream().map(AdmissionList.Entry::port).toList());
      Map<AdmissionList.Entry, NodeProbe.Answer> out = new HashMap<>();
      entries.forEach(e -> out.put(e, answers.getOrDefault(e.port(), new NodeProbe.Answer.Refused())));
      return out;
    }, graceMayEndEarly);
  }

  private AdmissionList.Entry joiner() {
    return list.entries().get(3);
  }

  @Test
  void liveNodesAtTheOtherListedAddressesBecomeMembersAndTheJoinerEntersTheirRing() {
    answers.put(5001, new NodeProbe.Answer.Node(new NodeRef(19, "127.0.0.1", 5001)));
    answers.put(5002, new NodeProbe.Answer.Node(new NodeRef(51, "127.0.0.1", 5002)));
    answers.put(5003, new NodeProbe.Answer.Silent("connect timed out"));

    search(true).search(list, joiner());
    Membership.Decision decision = membership.requestJoin("127.0.0.1", 5004);

    assertThat(asked).containsExactly(List.of(5001, 5002, 5003));
    assertThat(membership.members()).extracting(NodeRef::id).containsExactly(19, 51);
    assertThat(decision).isInstanceOfSatisfying(Membership.Decision.Admitted.class, admitted -> {
      assertThat(admitted.membersBefore()).isEqualTo(2);
      assertThat(admitted.entry()).isPresent();
    });
  }

  @Test
  void whenNothingListensAtAnyOtherListedAddressTheGracePeriodEndsAndTheJoinerIsTheFirst() {
    search(true).search(list, joiner());

    Membership.Decision decision = membership.requestJoin("127.0.0.1", 5004);

    assertThat(membership.graceLeftMillis()).isZero();
    assertThat(decision).isInstanceOfSatisfying(Membership.Decision.Admitted.class,
        admitted -> assertThat(admitted.entry()).isEmpty());
  }

  @Test
  void anAddressThatDoesNotAnswerKeepsTheGracePeriod() {
    answers.put(5002, new NodeProbe.Answer.Silent("connect timed out"));

    search(true).search(list, joiner());

    assertThat(membership.requestJoin("127.0.0.1", 5004)).isInstanceOf(Membership.Decision.Recovering.class);
  }

  @Test
  void aReferenceNodeWithoutPingKeepsTheGracePeriodButIsNoEntry() {
    answers.put(5001, new NodeProbe.Answer.WithoutPing());

    search(true).search(list, joiner());

    assertThat(membership.members()).isEmpty();
    assertThat(membership.requestJoin("127.0.0.1", 5004)).isInstanceOf(Membership.Decision.Recovering.class);
  }

  @Test
  void afterAnUnusableMembershipFileTheWholeGracePeriodRunsEvenWhenNothingListens() {
    search(false).search(list, joiner());

    assertThat(membership.requestJoin("127.0.0.1", 5004)).isInstanceOf(Membership.Decision.Recovering.class);
    now.addAndGet(GRACE.toMillis());
    assertThat(membership.requestJoin("127.0.0.1", 5004)).isInstanceOf(Membership.Decision.Admitted.class);
  }

  @Test
  void aNodeThatAnswersForAnotherPortOrOutOfTheIdSpaceIsNotTaken() {
    answers.put(5001, new NodeProbe.Answer.Node(new NodeRef(19, "127.0.0.1", 6001)));
    answers.put(5002, new NodeProbe.Answer.Node(new NodeRef(500, "127.0.0.1", 5002)));

    search(true).search(list, joiner());

    assertThat(membership.members()).isEmpty();
  }

  @Test
  void whileANodeJoinsNobodyIsAskedSoTheJoinerIsNotTakenBeforeItConfirms() {
    membership.endGrace();
    membership.requestJoin("127.0.0.1", 5001);

    search(true).search(list, joiner());

    assertThat(asked).isEmpty();
  }

  @Test
  void duringTheGracePeriodASupernodeThatKnowsOneMemberAsksTheOtherAddressesSoTheJoinerGetsNoTakenId() {
    // Port 5004 hashes to some ID; a forgotten member at 5002 holds exactly that ID.
    int idOfJoiner = membership.space().idOfPort(5004);
    membership.renew(new NodeRef(membership.space().reduce(idOfJoiner + 7L), "127.0.0.1", 5001));
    answers.put(5002, new NodeProbe.Answer.Node(new NodeRef(idOfJoiner, "127.0.0.1", 5002)));

    search(true).search(list, joiner());
    Membership.Decision decision = membership.requestJoin("127.0.0.1", 5004);

    assertThat(asked).as("the known member is not asked again").containsExactly(List.of(5002, 5003));
    assertThat(membership.members()).extracting(NodeRef::port).containsExactlyInAnyOrder(5001, 5002);
    assertThat(decision).isInstanceOfSatisfying(Membership.Decision.Admitted.class,
        admitted -> assertThat(admitted.node().id()).isNotEqualTo(idOfJoiner));
  }

  @Test
  void afterTheGracePeriodASupernodeThatKnowsAMemberAsksNobody() {
    membership.renew(new NodeRef(19, "127.0.0.1", 5001));
    now.addAndGet(GRACE.toMillis());

    search(true).search(list, joiner());

    assertThat(asked).isEmpty();
  }
}
