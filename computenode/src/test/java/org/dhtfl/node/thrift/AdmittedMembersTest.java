package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.junit.jupiter.api.Test;

class AdmittedMembersTest {

  private final List<NodeRef> listed = new ArrayList<>(List.of(new NodeRef(19, "127.0.0.1", 5001)));
  private final AtomicInteger asked = new AtomicInteger();
  private final AtomicLong now = new AtomicLong();
  private boolean down;

  private final AdmittedMembers members = new AdmittedMembers(() -> {
    asked.incrementAndGet();
    if (down) {
      throw new RemoteException(RemoteException.Kind.UNREACHABLE, "supernode down", null);
    }
    return List.copyOf(listed);
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
  void anUnknownNodeIsAskedAboutAtMostOnceASecondAndKnownOnceAdmitted() {
    NodeRef joiner = new NodeRef(51, "127.0.0.1", 5002);
    assertThat(members.admits(joiner)).isFalse();
    assertThat(members.admits(joiner)).isFalse();
    assertThat(asked.get()).isEqualTo(1);

    listed.add(joiner);
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(999));
    assertThat(members.admits(joiner)).as("asked again too soon").isFalse();
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    assertThat(members.admits(joiner)).isTrue();
    assertThat(asked.get()).isEqualTo(2);
  }

  @Test
  void whileTheSupernodeIsAwayTheMembersHeardLastStillCount() {
    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 5001))).isTrue();
    down = true;
    now.addAndGet(TimeUnit.SECONDS.toNanos(5));

    assertThat(members.admits(new NodeRef(19, "127.0.0.1", 5001))).isTrue();
    assertThat(members.admits(new NodeRef(51, "127.0.0.1", 5002))).isFalse();
  }
}
