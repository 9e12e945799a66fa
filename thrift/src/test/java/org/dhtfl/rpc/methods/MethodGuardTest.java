package org.dhtfl.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** The guard enforces each method's rule from the table before the handler runs. */
class MethodGuardTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final PeerIdentity CLIENT = PeerIdentity.client();
  private static final PeerIdentity NODE_5001 = PeerIdentity.node("127.0.0.1", 5001);
  private static final PeerIdentity NODE_5002 = PeerIdentity.node("127.0.0.1", 5002);

  private final List<String> handled = new ArrayList<>();

  /** A handler that records the calls it gets and answers each with its type's zero. */
  private <I> I recorder(Class<I> iface) {
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface}, (p, method, args) -> {
      handled.add(method.getName());
      Class<?> type = method.getReturnType();
      if (type == boolean.class) {
        return Boolean.TRUE;
      }
      return type == int.class ? (Object) 1 : null;
    }));
  }

  /** The node's facts: members serve from loopback only; notify names the node it carries. */
  private static final MethodGuard.Facts NODE_FACTS = new MethodGuard.Facts() {
    @Override
    public boolean memberHost(InetAddress host) {
      return host.isLoopbackAddress();
    }

    @Override
    public Optional<PeerIdentity.Address> named(String method, Object[] args) {
      NodeRef node = (NodeRef) args[0];
      return Optional.of(new PeerIdentity.Address(node.getHost(), node.getPort()));
    }

    @Override
    public Object refusedAnswer(String method, String reason) {
      return new Model().setStatus("failed").setReason(reason);
    }
  };

  private ComputeNode.Iface node(MethodTable table) {
    return MethodGuard.guard(ComputeNode.Iface.class, table, recorder(ComputeNode.Iface.class), NODE_FACTS,
        LoggerFactory.getLogger("test"));
  }

  @Test
  void aCallerTheRuleDeniesIsRefusedNamingTheRuleAndTheHandlerIsNotCalled() {
    ComputeNode.Iface guarded = node(ComputeNodeMethods.TABLE);

    assertThatThrownBy(() -> CallContext.as(LOOPBACK, CLIENT, () -> guarded.held(null, null, null)))
        .isInstanceOf(InvalidRequest.class).hasMessage("held is refused to a client certificate: it is for node "
            + "certificates");
    assertThat(handled).isEmpty();
  }

  @Test
  void aCallerTheRuleAllowsReachesTheHandler() throws Exception {
    ComputeNode.Iface guarded = node(ComputeNodeMethods.TABLE);

    CallContext.as(LOOPBACK, CLIENT, guarded::ping);
    CallContext.as(LOOPBACK, NODE_5001, () -> guarded.held(null, null, null));

    assertThat(handled).containsExactly("ping", "held");
  }

  @Test
  void theRuleEnforcedIsTheOneTheTableHolds() throws Exception {
    List<MethodRule> rules = new ArrayList<>(ComputeNodeMethods.TABLE.rules());
    rules.replaceAll(r -> r.name().equals("held") ? MethodTable.open("held", Forwarding.LOCAL, List.copyOf(r.errors()))
        : r);
    ComputeNode.Iface openHeld = node(new MethodTable(ComputeNode.Iface.class, rules));

    CallContext.as(LOOPBACK, CLIENT, () -> openHeld.held(null, null, null));

    assertThat(handled).containsExactly("held");
  }

  @Test
  void aMemberOnlyCallFromAHostWithoutMembersIsRefusedAlsoWithoutTls() throws Exception {
    ComputeNode.Iface guarded = node(ComputeNodeMethods.TABLE);
    InetAddress stranger = InetAddress.getByName("10.77.0.9");

    assertThatThrownBy(() -> CallContext.as(stranger, () -> {
      guarded.take_over(List.of());
      return null;
    })).isInstanceOf(InvalidRequest.class).hasMessage("take_over: 10.77.0.9 is no member's host; ring-internal "
        + "calls come only from the ring's members");
    CallContext.as(stranger, () -> guarded.held(null, null, null));

    assertThat(handled).containsExactly("held");
  }

  @Test
  void aNodeMayMakeACallAboutANodeOnlyAsThatNode() throws Exception {
    ComputeNode.Iface guarded = node(ComputeNodeMethods.TABLE);
    NodeRef node5001 = new NodeRef(19, "127.0.0.1", 5001);

    assertThatThrownBy(() -> CallContext.as(LOOPBACK, NODE_5002, () -> {
      guarded.notify(node5001);
      return null;
    })).isInstanceOf(InvalidRequest.class).hasMessage("notify about the node at 127.0.0.1:5001 is refused to the "
        + "node 127.0.0.1:5002 certificate: only that node itself may make it");
    CallContext.as(LOOPBACK, NODE_5001, () -> {
      guarded.notify(node5001);
      return null;
    });

    assertThat(handled).containsExactly("notify");
  }

  @Test
  void aRefusalIsAnsweredAsTheMethodsRuleSays() throws Exception {
    ComputeNode.Iface guarded = node(ComputeNodeMethods.TABLE);

    Model model = CallContext.as(LOOPBACK, PeerIdentity.supernode(), () -> guarded.get_model("f"));
    CallContext.as(LOOPBACK, CLIENT, () -> {
      guarded.fix_fingers();
      return null;
    });

    assertThat(model.getStatus()).isEqualTo("failed");
    assertThat(model.getReason()).isEqualTo("get_model is refused to a supernode certificate: it is for node and "
        + "client certificates");
    assertThat(handled).isEmpty();
  }

  @Test
  void aRemovalFromAnotherHostThanTheNodesIsDroppedAlsoWithoutTls() throws Exception {
    Supernode.Iface guarded = MethodGuard.guard(Supernode.Iface.class, SupernodeMethods.TABLE,
        recorder(Supernode.Iface.class), new MethodGuard.Facts() {
          @Override
          public Optional<PeerIdentity.Address> named(String method, Object[] args) {
            return Optional.of(new PeerIdentity.Address("127.0.0.1", 5001));
          }

          @Override
          public boolean onHostOf(PeerIdentity.Address node, InetAddress peer) {
            return peer.isLoopbackAddress();
          }
        }, LoggerFactory.getLogger("test"));

    boolean confirmed = CallContext.as(LOOPBACK, NODE_5002, () -> guarded.confirm_join(19));
    CallContext.as(InetAddress.getByName("10.77.0.9"), () -> {
      guarded.remove_join(19);
      return null;
    });
    CallContext.as(LOOPBACK, () -> {
      guarded.remove_join(19);
      return null;
    });

    assertThat(confirmed).isFalse();
    assertThat(handled).containsExactly("remove_join");
  }

  @Test
  void aHandlerForATableThatLeavesAMethodOutIsNotServed() {
    List<MethodRule> rules = new ArrayList<>(ComputeNodeMethods.TABLE.rules());
    rules.removeIf(r -> r.name().equals("score_models"));

    assertThatThrownBy(() -> node(new MethodTable(ComputeNode.Iface.class, rules)))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[score_models]");
  }
}
