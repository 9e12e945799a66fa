package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.thrift.ComputeNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NodeConnectionsTest {

  private final AtomicLong now = new AtomicLong(1_000_000);
  private final AtomicInteger pings = new AtomicInteger();
  private Metrics metrics;
  private ThriftServer server;
  private NodeRef node;

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
  }

  /** A node face that answers ping as {@code id}; the server closes connections idle for {@code idleMs}. */
  private void serve(int id, int idleMs) throws Exception {
    ComputeNode.Iface handler = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> {
          if (!method.getName().equals("ping")) {
            throw new UnsupportedOperationException(method.getName());
          }
          pings.incrementAndGet();
          return new org.dhtfl.thrift.NodeRef(id, "127.0.0.1", node.port());
        });
    metrics = Metrics.unexposed();
    server = ThriftServer.start("node", new ComputeNode.Processor<>(handler), InetAddress.getLoopbackAddress(), 0,
        RpcSettings.DEFAULTS.withServerTimeouts(idleMs, 5_000), ServerMetrics.in(metrics));
    node = new NodeRef(id, "127.0.0.1", server.port());
  }

  private double accepted() {
    Matcher m = Pattern.compile("^dhtfl_rpc_server_connections_total (\\S+)$", Pattern.MULTILINE)
        .matcher(metrics.text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  private NodeConnections kept(long maxIdleMillis) {
    return new NodeConnections(RpcSettings.DEFAULTS, maxIdleMillis, 2, now::get);
  }

  private int ping(NodeConnections connections) throws RemoteException {
    return connections.call(node, c -> c.ping().getId());
  }

  @Test
  void callsInARowShareOneConnection() throws Exception {
    serve(19, 10_000);
    try (NodeConnections connections = kept(1_000)) {
      for (int i = 0; i < 20; i++) {
        assertThat(ping(connections)).isEqualTo(19);
      }
      assertThat(accepted()).isEqualTo(1);
      assertThat(connections.idleCount()).isEqualTo(1);
    }
  }

  @Test
  void oneShotConnectionsOpenOnePerCallAndKeepNone() throws Exception {
    serve(19, 10_000);
    try (NodeConnections connections = NodeConnections.oneShot(RpcSettings.DEFAULTS)) {
      for (int i = 0; i < 3; i++) {
        ping(connections);
      }
      assertThat(accepted()).isEqualTo(3);
      assertThat(connections.idleCount()).isZero();
    }
  }

  @Test
  void aConnectionIdleLongerThanTheLimitIsClosedAndANewOneOpened() throws Exception {
    serve(19, 10_000);
    try (NodeConnections connections = kept(1_000)) {
      ping(connections);
      now.addAndGet(1_001);
      ping(connections);

      assertThat(accepted()).isEqualTo(2);
      assertThat(connections.idleCount()).isEqualTo(1);
    }
  }

  @Test
  void aConnectionTheServerClosedWhileItWaitedIsReplacedAndTheCallMadeOnce() throws Exception {
    serve(19, 300);
    try (NodeConnections connections = kept(60_000)) {
      ping(connections);
      await("the server closes the idle connection").atMost(Duration.ofSeconds(5))
          .pollInterval(Duration.ofMillis(50))
          .until(() -> metrics.text().contains("dhtfl_rpc_server_connections_open 0.0"));

      assertThat(ping(connections)).isEqualTo(19);
      assertThat(accepted()).isEqualTo(2);
      assertThat(pings).hasValue(2);
    }
  }

  @Test
  void aFailedCallClosesItsConnectionAndAnAnswerFailureIsNotMadeAgain() throws Exception {
    serve(19, 10_000);
    try (NodeConnections connections = kept(1_000)) {
      ping(connections);

      assertThatThrownBy(() -> connections.call(node, c -> c.get_neighbours())).isInstanceOf(RemoteException.class);

      assertThat(connections.idleCount()).isZero();
      assertThat(accepted()).isEqualTo(1);
    }
  }

  @Test
  void nothingIsKeptAfterClose() throws Exception {
    serve(19, 10_000);
    NodeConnections connections = kept(1_000);
    ping(connections);
    connections.close();

    ping(connections);

    assertThat(connections.idleCount()).isZero();
    assertThat(accepted()).isEqualTo(2);
  }

  @Test
  void aClosedPortFailsAsUnreachable() throws Exception {
    serve(19, 10_000);
    server.close();
    try (NodeConnections connections = kept(1_000)) {
      assertThatThrownBy(() -> ping(connections)).isInstanceOfSatisfying(RemoteException.class,
          e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNREACHABLE));
    }
  }
}
