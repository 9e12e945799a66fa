package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallersTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

  @Test
  void withoutTlsEveryCallMayGoOn() {
    assertThat(Callers.refusal("store_replica", Callers.NODES)).isEmpty();
    assertThat(CallContext.as(LOOPBACK, () -> Callers.refusalUnlessNode("notify", "127.0.0.1", 5001))).isEmpty();
  }

  @Test
  void aCallerOfAnotherRoleIsRefusedNamingTheMethodAndItsRole() {
    Optional<String> refusal = CallContext.as(LOOPBACK, PeerIdentity.client(),
        () -> Callers.refusal("store_replica", Callers.NODES));

    assertThat(refusal).contains("store_replica is refused to a client certificate: it is for node certificates");
  }

  @Test
  void aCallerOfAnAllowedRoleMayCall() {
    Optional<String> refusal = CallContext.as(LOOPBACK, PeerIdentity.client(),
        () -> Callers.refusal("submit_job", Callers.NODES_AND_CLIENTS));

    assertThat(refusal).isEmpty();
  }

  @Test
  void aCallAboutANodeIsForThatNodeOnly() {
    PeerIdentity node = PeerIdentity.node("127.0.0.1", 5001);

    Optional<String> itself = CallContext.as(LOOPBACK, node, () -> Callers.refusalUnlessNode("notify", "127.0.0.1",
        5001));
    Optional<String> another = CallContext.as(LOOPBACK, node, () -> Callers.refusalUnlessNode("notify", "127.0.0.1",
        5002));
    Optional<String> client = CallContext.as(LOOPBACK, PeerIdentity.client(),
        () -> Callers.refusalUnlessNode("notify", "127.0.0.1", 5001));

    assertThat(itself).isEmpty();
    assertThat(another).contains("notify about the node at 127.0.0.1:5002 is refused to the node 127.0.0.1:5001 "
        + "certificate: only that node itself may make it");
    assertThat(client).contains("notify is refused to a client certificate: it is for node certificates");
  }

  @Test
  void theIdentityIsGoneOnceTheCallIsOver() {
    CallContext.as(LOOPBACK, PeerIdentity.client(), () -> CallContext.identity());

    assertThat(CallContext.identity()).isEmpty();
    assertThat(CallContext.peer()).isEmpty();
  }
}
