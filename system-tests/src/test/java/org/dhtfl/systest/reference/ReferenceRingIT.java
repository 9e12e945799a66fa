package org.dhtfl.systest.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The reference's own set-up: nodes on ports 5001, 5002 and 5003 join one after the other and get
 * IDs 19, 51 and 6; the finger tables, predecessors and successors after each join, and the path
 * of file zx0uRKUQj5 (key 58) from node 19, are the ones reports/design.md lists. Skipped when
 * those ports are taken on this machine.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceRingIT {

  private static final List<Integer> PORTS = List.of(5001, 5002, 5003);
  private static LocalCluster cluster;
  private static Path letters;

  @BeforeAll
  static void startSupernode() throws Exception {
    for (int port : PORTS) {
      Assumptions.assumeTrue(free(port), "port " + port + " is in use");
    }
    cluster = new LocalCluster(Path.of("target", "it", "reference-ring"), LocalCluster.freePorts(1).get(0), PORTS);
    Path data = cluster.generateData(2, 200);
    letters = data.resolve("letters");
    Files.copy(Files.list(letters).sorted().findFirst().orElseThrow(), letters.resolve("zx0uRKUQj5"));
    cluster.startSupernode();
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static boolean free(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static List<Integer> fingers(RingState state) {
    return state.fingers().stream().map(NodeRef::id).toList();
  }

  private static Optional<Integer> predecessor(RingState state) {
    return state.predecessor().map(NodeRef::id);
  }

  @Test
  @Order(1)
  void firstNodeAloneIsItsOwnPredecessorSuccessorAndEveryFinger() throws Exception {
    cluster.startNode(5001, letters);

    RingState n19 = Thrift.ringState(5001);
    assertThat(n19.self().id()).isEqualTo(19);
    assertThat(predecessor(n19)).contains(19);
    assertThat(n19.successor().id()).isEqualTo(19);
    assertThat(fingers(n19)).containsExactly(19, 19, 19, 19, 19, 19);
  }

  @Test
  @Order(2)
  void secondNodeGetsId51AndSplitsTheRing() throws Exception {
    cluster.startNode(5002, letters);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RingState n19 = Thrift.ringState(5001);
      RingState n51 = Thrift.ringState(5002);
      assertThat(n51.self().id()).isEqualTo(51);
      assertThat(fingers(n19)).containsExactly(51, 51, 51, 51, 51, 51);
      assertThat(fingers(n51)).containsExactly(19, 19, 19, 19, 19, 19);
      assertThat(predecessor(n19)).contains(51);
      assertThat(predecessor(n51)).contains(19);
      assertThat(n19.successor().id()).isEqualTo(51);
      assertThat(n51.successor().id()).isEqualTo(19);
    });
  }

  @Test
  @Order(3)
  void thirdNodeGetsId6AndEveryTableIsTheReferenceOne() throws Exception {
    cluster.startNode(5003, letters);

    await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
      RingState n19 = Thrift.ringState(5001);
      RingState n51 = Thrift.ringState(5002);
      RingState n6 = Thrift.ringState(5003);
      assertThat(n6.self().id()).isEqualTo(6);
      assertThat(fingers(n19)).containsExactly(51, 51, 51, 51, 51, 51);
      assertThat(fingers(n51)).containsExactly(6, 6, 6, 6, 6, 19);
      assertThat(fingers(n6)).containsExactly(19, 19, 19, 19, 51, 51);
      assertThat(predecessor(n19)).contains(6);
      assertThat(predecessor(n51)).contains(19);
      assertThat(predecessor(n6)).contains(51);
      assertThat(n19.successors()).extracting(NodeRef::id).containsExactly(51, 6);
      assertThat(n51.successors()).extracting(NodeRef::id).containsExactly(6, 19);
      assertThat(n6.successors()).extracting(NodeRef::id).containsExactly(19, 51);
    });
  }

  @Test
  @Order(4)
  void fileZx0uRKUQj5WithKey58GoesFrom19Through51To6() throws Exception {
    org.dhtfl.thrift.Lookup lookup = Rpc.computeNode("127.0.0.1", 5001, RpcSettings.DEFAULTS, c -> c.lookup(58));
    Rpc.computeNode("127.0.0.1", 5001, RpcSettings.DEFAULTS, c -> {
      c.put_data("zx0uRKUQj5");
      return null;
    });

    assertThat(lookup.getPath()).containsExactly(19, 51, 6);
    assertThat(lookup.getOwner().getId()).isEqualTo(6);
    cluster.awaitLog("node-5001", "put_data zx0uRKUQj5 (key 58): path 19 -> 51 -> 6");
    cluster.awaitLog("node-5003", "accepted zx0uRKUQj5 (key 58) along path 19 -> 51 -> 6");
    org.dhtfl.thrift.Model[] model = new org.dhtfl.thrift.Model[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      model[0] = Rpc.computeNode("127.0.0.1", 5001, RpcSettings.DEFAULTS, c -> c.get_model("zx0uRKUQj5"));
      return model[0].getStatus().equals("done");
    });
    assertThat(model[0].getTrained_by()).isEqualTo(6);
    cluster.awaitLog("node-5001", "get_model zx0uRKUQj5 (key 58): path 19 -> 51 -> 6: done");
  }
}
