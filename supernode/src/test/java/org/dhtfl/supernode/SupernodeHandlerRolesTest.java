package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.apache.thrift.TException;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.Supernode;
import org.dhtfl.thrift.supernodeConstants;
import org.junit.jupiter.api.Test;

/** The supernode's handler behind its caller rules ({@link SupernodeCallers}). With TLS, the supernode takes membership calls only from the node concerned, as its certificate names it. */
class SupernodeHandlerRolesTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final PeerIdentity NODE_5001 = PeerIdentity.node("127.0.0.1", 5001);
  private static final PeerIdentity NODE_5002 = PeerIdentity.node("127.0.0.1", 5002);

  private final Membership membership = new Membership(new IdSpace(6), Duration.ofSeconds(10), () -> 5_000L,
      new Random(1));
  private final Supernode.Iface handler = SupernodeCallers.guard(new SupernodeHandler(
      AdmissionList.parse("compute_node.txt", List.of("127.0.0.1,5001", "127.0.0.1,5002")), membership));

  SupernodeHandlerRolesTest() throws IOException {
  }

  private JoinResponse requestJoin(PeerIdentity caller, int port) throws TException {
    return CallContext.as(LOOPBACK, caller, () -> handler.join_ring(port));
  }

  private int joined(PeerIdentity node, int port) throws TException {
    JoinResponse response = requestJoin(node, port);
    assertThat(response.getId()).as(response.getReason()).isNotNegative();
    assertThat(CallContext.as(LOOPBACK, node, () -> handler.confirm_join(response.getId()))).isTrue();
    return response.getId();
  }

  @Test
  void aNodeIsAdmittedAsTheAddressItsCertificateNames() throws TException {
    JoinResponse response = requestJoin(NODE_5001, 5001);

    assertThat(response.getId()).isEqualTo(19);
  }

  @Test
  void aNodeCertificateForOnePortCannotJoinAsAnother() throws TException {
    JoinResponse response = requestJoin(NODE_5001, 5002);

    assertThat(response.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(response.getReason()).contains("join_ring", "127.0.0.1:5002", "node 127.0.0.1:5001");
  }

  @Test
  void aNodeCertificateForAnotherHostCannotJoin() throws TException {
    JoinResponse response = requestJoin(PeerIdentity.node("10.0.0.2", 5001), 5001);

    assertThat(response.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(response.getReason()).contains("node 10.0.0.2:5001");
  }

  @Test
  void aClientCertificateCannotJoin() throws TException {
    JoinResponse response = requestJoin(PeerIdentity.client(), 5001);

    assertThat(response.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(response.getReason()).isEqualTo(
        "join_ring is refused to a client certificate: it is for node certificates");
  }

  @Test
  void onlyTheJoiningNodeMayConfirmItsJoin() throws TException {
    int id = requestJoin(NODE_5001, 5001).getId();

    boolean byAnother = CallContext.as(LOOPBACK, NODE_5002, () -> handler.confirm_join(id));
    boolean byAClient = CallContext.as(LOOPBACK, PeerIdentity.client(), () -> handler.confirm_join(id));
    boolean byItself = CallContext.as(LOOPBACK, NODE_5001, () -> handler.confirm_join(id));

    assertThat(byAnother).isFalse();
    assertThat(byAClient).isFalse();
    assertThat(byItself).isTrue();
  }

  @Test
  void onlyTheNodeItselfMayRemoveItsMembership() throws TException {
    int id = joined(NODE_5001, 5001);

    CallContext.as(LOOPBACK, NODE_5002, () -> {
      handler.remove_join(id);
      return null;
    });
    CallContext.as(LOOPBACK, PeerIdentity.supernode(), () -> {
      handler.remove_join(id);
      return null;
    });
    assertThat(membership.find(id)).isPresent();

    CallContext.as(LOOPBACK, NODE_5001, () -> {
      handler.remove_join(id);
      return null;
    });
    assertThat(membership.find(id)).isEmpty();
  }

  @Test
  void aCallerOnAnotherHostCannotRemoveAMembershipAlsoWithoutTls() throws Exception {
    int id = joined(NODE_5001, 5001);

    CallContext.as(InetAddress.getByName("10.77.0.9"), () -> {
      handler.remove_join(id);
      return null;
    });
    assertThat(membership.find(id)).isPresent();

    CallContext.as(LOOPBACK, () -> {
      handler.remove_join(id);
      return null;
    });
    assertThat(membership.find(id)).isEmpty();
  }

  @Test
  void onlyTheNodeItselfMayRenewItsMembership() throws TException {
    int id = joined(NODE_5001, 5001);
    NodeRef node = new NodeRef(id, "127.0.0.1", 5001);

    assertThatThrownBy(() -> CallContext.as(LOOPBACK, NODE_5002, () -> handler.renew(node)))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("renew", "node 127.0.0.1:5002");
    assertThatThrownBy(() -> CallContext.as(LOOPBACK, PeerIdentity.client(), () -> handler.renew(node)))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("client certificate");
    assertThat(CallContext.as(LOOPBACK, NODE_5001, () -> handler.renew(node))).isPositive();
  }

  @Test
  void aClientCertificateMayReadTheMembership() throws TException {
    int id = joined(NODE_5001, 5001);

    List<NodeRef> members = CallContext.as(LOOPBACK, PeerIdentity.client(), handler::get_members);
    String address = CallContext.as(LOOPBACK, PeerIdentity.client(), () -> handler.get_compute_node_address(id));

    assertThat(members).extracting(NodeRef::getPort).containsExactly(5001);
    assertThat(address).isEqualTo("127.0.0.1:5001");
  }
}
