package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.thrift.TProcessor;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe against real sockets on loopback: a node, a server without ping, nothing, and silence. */
class NodeProbeTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final RpcSettings QUICK = RpcSettings.DEFAULTS.withConnectTimeoutMs(500).withCallTimeoutMs(300);

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  private int serve(TProcessor processor) throws Exception {
    ThriftServer server = ThriftServer.start("probe-test", processor, LOOPBACK, 0, RpcSettings.DEFAULTS);
    opened.add(server);
    return server.port();
  }

  private int node(NodeRef self) throws Exception {
    ComputeNode.Iface pinged = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class},
        (proxy, method, args) -> method.getName().equals("ping")
            ? new org.dhtfl.thrift.NodeRef(self.id(), self.host(), self.port()) : null);
    return serve(new ComputeNode.Processor<>(pinged));
  }

  /** A Thrift server that has no ping, as a node of the reference system has none. */
  private int withoutPing() throws Exception {
    Supernode.Iface any = (Supernode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Supernode.Iface.class}, (proxy, method, args) -> null);
    return serve(new Supernode.Processor<>(any));
  }

  /** Accepts connections and never answers. */
  private int silent() throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, LOOPBACK);
    opened.add(socket);
    return socket.getLocalPort();
  }

  private static int nothing() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aNodeSaysWhoItIs() throws Exception {
    NodeRef self = new NodeRef(19, "127.0.0.1", 5001);
    int port = node(self);

    NodeProbe.Answer answer = NodeProbe.ask("127.0.0.1", port, QUICK);

    assertThat(answer).isEqualTo(new NodeProbe.Answer.Node(self));
    assertThat(NodeProbe.showsAlive(answer, self)).isTrue();
    assertThat(NodeProbe.showsAlive(answer, new NodeRef(20, "127.0.0.1", 5001))).as("another node").isFalse();
  }

  @Test
  void aServerWithoutPingIsAliveButCannotSayWhoItIs() throws Exception {
    int port = withoutPing();

    NodeProbe.Answer answer = NodeProbe.ask("127.0.0.1", port, QUICK);

    assertThat(answer).isEqualTo(new NodeProbe.Answer.WithoutPing());
    assertThat(NodeProbe.showsAlive(answer, new NodeRef(19, "127.0.0.1", port))).isTrue();
  }

  @Test
  void aPortWhereNothingListensRefuses() throws Exception {
    NodeProbe.Answer answer = NodeProbe.ask("127.0.0.1", nothing(), QUICK);

    assertThat(answer).isEqualTo(new NodeProbe.Answer.Refused());
  }

  @Test
  void aServerThatNeverAnswersIsSilent() throws Exception {
    NodeProbe.Answer answer = NodeProbe.ask("127.0.0.1", silent(), QUICK);

    assertThat(answer).isInstanceOf(NodeProbe.Answer.Silent.class);
    assertThat(NodeProbe.showsAlive(answer, new NodeRef(19, "127.0.0.1", 5001))).isFalse();
  }

  @Test
  void askAllAsksEveryAddressAndKeepsTheirOrder() throws Exception {
    NodeRef self = new NodeRef(51, "127.0.0.1", 5002);
    AdmissionList list = AdmissionList.parse("compute_node.txt", List.of("127.0.0.1," + node(self),
        "127.0.0.1," + nothing(), "127.0.0.1," + silent()));

    Map<AdmissionList.Entry, NodeProbe.Answer> answers = NodeProbe.askAll(list.entries(), QUICK);

    assertThat(answers.keySet()).containsExactlyElementsOf(list.entries());
    assertThat(answers.values()).satisfiesExactly(
        a -> assertThat(a).isEqualTo(new NodeProbe.Answer.Node(self)),
        a -> assertThat(a).isEqualTo(new NodeProbe.Answer.Refused()),
        a -> assertThat(a).isInstanceOf(NodeProbe.Answer.Silent.class));
  }

  /** A node with this ID that answers get_neighbours as itself, at the port it serves on, with these successors. */
  private NodeRef nodeWithSuccessors(int id, List<Integer> successors) throws Exception {
    java.util.concurrent.atomic.AtomicInteger port = new java.util.concurrent.atomic.AtomicInteger();
    ComputeNode.Iface node = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class},
        (proxy, method, args) -> method.getName().equals("get_neighbours") ? new org.dhtfl.thrift.Neighbours(
            new org.dhtfl.thrift.NodeRef(id, "127.0.0.1", port.get()),
            successors.stream().map(s -> new org.dhtfl.thrift.NodeRef(s, "127.0.0.1", 5000 + s)).toList()) : null);
    port.set(serve(new ComputeNode.Processor<>(node)));
    return new NodeRef(id, "127.0.0.1", port.get());
  }

  @Test
  void aNodesSuccessorIsItsFirstSuccessorOrItselfWhenAlone() throws Exception {
    NodeRef n51 = nodeWithSuccessors(51, List.of(6, 19));
    NodeRef n6 = nodeWithSuccessors(6, List.of());

    assertThat(NodeProbe.successorOf(n51, QUICK)).contains(6);
    assertThat(NodeProbe.successorOf(n6, QUICK)).contains(6);
  }

  @Test
  void aNodeThatAnswersAsAnotherOrNotAtAllHasNoKnownSuccessor() throws Exception {
    NodeRef n51 = nodeWithSuccessors(51, List.of(6));

    assertThat(NodeProbe.successorOf(new NodeRef(52, n51.host(), n51.port()), QUICK)).as("another ID").isEmpty();
    assertThat(NodeProbe.successorOf(new NodeRef(51, "127.0.0.1", nothing()), QUICK)).as("nothing there").isEmpty();
  }
}
