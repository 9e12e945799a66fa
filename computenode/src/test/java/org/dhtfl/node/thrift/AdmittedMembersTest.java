package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.junit.jupiter.api.Test;

class AdmittedMembersTest {

  private final List<NodeRef> confirmed = new ArrayList<>(List.of(new NodeRef(19, "127.0.0.1", 5001)));
  private final List<NodeRef> joining = new ArrayList<>();
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  private boolean down;

  private final AdmittedMembers members = new AdmittedMembers(new AdmittedMembers.Source() {
    @Override
    public List<NodeRef> members() throws RemoteException {
      if (down) {
        throw new RemoteException(RemoteException.Kind.UNREACHABLE, "supernode down", null);
      }
      return List.copyOf(confirmed);
    }

    @Override
    public Optional<NodeRef> find(int id) {
      asked.incrementAndGet();
      if (down) {
        return Optional.empty();
      }
      return java.util.stream.Stream.concat(confirmed.stream(), joining.stream()).filter(n -> n.id() == id)
          .findFirst();
    }
  }, now::get);

  @Test
  void aMemberIsAdmittedAndAStrangerIsNotNorAMemberAtAnotherAddress() throws Exception {
    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 5001))).isTrue();
    assertThat(members.admits(new NodeRef(40, "127.0.0.1", 7000))).isFalse();
    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 7000))).isFalse();
    assertThat(members.isMemberHost(InetAddress.getByName("127.0.0.1"))).isTrue();
    assertThat(members.isMemberHost(InetAddress.getByName("10.1.2.3"))).isFalse();
  }

  @Test
  void aJoinerIsAdmittedBeforeItConfirmsAndAStrangerIsAskedAboutAtMostOnceASecond() {
    NodeRef joiner = new NodeRef(51, "127.0.0.1", 5002);
    joining.add(joiner);
    assertThat(members.admits(joiner)).isTrue();

    NodeRef stranger = new NodeRef(40, "127.0.0.1", 7000);
    assertThat(members.admits(stranger)).isFalse();
    assertThat(members.admits(stranger)).isFalse();
    assertThat(asked.get()).isEqualTo(2);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    assertThat(members.admits(stranger)).isFalse();
    assertThat(asked.get()).isEqualTo(3);
  }

  @Test
  void whileTheSupernodeIsAwayTheNodesHeardOfBeforeStillCount() {
    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 5001))).isTrue();
    down = true;
    now.addAndGet(TimeUnit.SECONDS.toNanos(5));

    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 5001))).isTrue();
    assertThat(members.admits(new NodeRef(51, "127.0.0.1", 5002))).isFalse();
  }

  @Test
  void membersLearnedOnATickCountWhenTheSupernodeGoesAwayBeforeAnyoneAskedAboutThem() {
    confirmed.add(new NodeRef(51, "127.0.0.1", 5002));
    members.learn();
    down = true;
    now.addAndGet(TimeUnit.SECONDS.toNanos(5));

    assertThat(members.admits(new NodeRef(51, "127.0.0.1", 5002))).isTrue();
    assertThat(asked.get()).as("not asked about one by one").isZero();
  }

  @Test
  void theListedMembersAreTheSupernodesLastAnswerAndAMemberItDroppedIsListedNoMore() {
    NodeRef n51 = new NodeRef(51, "127.0.0.1", 5002);
    assertThat(members.listed()).as("before the supernode answered").isEmpty();
    confirmed.add(n51);
    members.learn();
    assertThat(members.listed()).containsExactly(new NodeRef(19, "127.0.0.1", 5001), n51);

    confirmed.remove(n51);
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    members.learn();
    down = true;
    now.addAndGet(TimeUnit.SECONDS.toNanos(1));
    members.learn();

    assertThat(members.listed()).as("dropped by the supernode, kept while it is away").containsExactly(
        new NodeRef(19, "127.0.0.1", 5001));
    assertThat(members.admits(n51)).as("still counts as admitted").isTrue();
  }
}
