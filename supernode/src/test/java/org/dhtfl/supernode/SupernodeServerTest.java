package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real supernode on loopback with short periods: who is dropped, and what survives a restart. */
class SupernodeServerTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final Duration HEALTH = Duration.ofMillis(100);

  @TempDir
  Path dir;

  private SupernodeServer supernode;
  private ThriftServer referenceNode;

  @AfterEach
  void stop() {
    if (supernode != null) {
      supernode.close();
    }
    if (referenceNode != null) {
      referenceNode.close();
    }
  }

  private SupernodeServer start(AdmissionList list, Duration dropAfter) throws Exception {
    RestartOptions restart = new RestartOptions(dir.resolve("state.txt"), HEALTH, Duration.ZERO, dropAfter);
    return SupernodeServer.start(() -> list, LOOPBACK, 0, 6, Duration.ofSeconds(10), HEALTH, restart,
        RpcSettings.DEFAULTS);
  }

  private int join(int port) throws Exception {
    JoinResponse response = Rpc.supernode("127.0.0.1", supernode.port(), RpcSettings.DEFAULTS,
        c -> c.join_ring(port));
    assertThat(response.getId()).as(response.getReason()).isNotNegative();
    boolean confirmed = Rpc.supernode("127.0.0.1", supernode.port(), RpcSettings.DEFAULTS,
        c -> c.confirm_join(response.getId()));
    assertThat(confirmed).isTrue();
    return response.getId();
  }

  private List<Integer> members() throws Exception {
    List<org.dhtfl.thrift.NodeRef> wire = Rpc.supernode("127.0.0.1", supernode.port(), RpcSettings.DEFAULTS,
        c -> c.get_members());
    return Convert.fromThrift(wire).stream().map(NodeRef::id).toList();
  }

  /** A Thrift server with the reference's methods only: no ping, no heartbeat. */
  private int startReferenceNode() throws Exception {
    Supernode.Iface anything = (Supernode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Supernode.Iface.class}, (proxy, method, args) -> null);
    referenceNode = ThriftServer.start("reference-node", new Supernode.Processor<>(anything), LOOPBACK, 0,
        RpcSettings.DEFAULTS);
    return referenceNode.port();
  }

  private static int portWhereNothingListens() throws Exception {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aMemberThatNeverRenewsButAnswersHealthChecksStaysAndASilentOneIsDropped() throws Exception {
    int answering = startReferenceNode();
    int silent = portWhereNothingListens();
    supernode = start(AdmissionList.parse("nodes", List.of("127.0.0.1," + answering, "127.0.0.1," + silent)),
        Duration.ofMillis(600));
    int answeringId = join(answering);
    int silentId = join(silent);
    assertThat(members()).containsExactlyInAnyOrder(answeringId, silentId);

    await("the silent member dropped").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> !members().contains(silentId));
    await("the answering member kept for twice the drop time").during(Duration.ofMillis(1_200))
        .atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
        .until(() -> members().equals(List.of(answeringId)));

    assertThat(Files.readString(dir.resolve("state.txt"))).contains("node " + answeringId + " ")
        .doesNotContain("node " + silentId + " ");
  }

  @Test
  void aSupernodeStartedAgainOnTheSameFileKnowsTheMembersItHad() throws Exception {
    int answering = startReferenceNode();
    AdmissionList list = AdmissionList.parse("nodes", List.of("127.0.0.1," + answering));
    supernode = start(list, Duration.ofSeconds(10));
    int id = join(answering);
    supernode.close();

    supernode = start(list, Duration.ofSeconds(10));

    assertThat(members()).containsExactly(id);
  }
}
