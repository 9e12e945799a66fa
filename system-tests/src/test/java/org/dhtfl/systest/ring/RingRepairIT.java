package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Model;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Eight compute nodes as real processes with the default maintenance period: two are killed with
 * kill -9, the rest repair the ring within 10 s and keep routing, also with the supernode stopped;
 * a node that leaves gracefully hands its results to its successor.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RingRepairIT {

  private static final IdSpace SPACE = new IdSpace(6);
  private static LocalCluster cluster;
  private static Path letters;
  private static final Map<Integer, Integer> idOfPort = new LinkedHashMap<>();

  @BeforeAll
  static void startEightNodes() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "ring-repair"), 8);
    letters = cluster.generateData(6, 200).resolve("letters");
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, letters, "--stabilize-ms", "500");
      idOfPort.put(port, Thrift.ringState(port).self().id());
    }
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static IdealRing ideal() {
    return new IdealRing(SPACE, idOfPort.values());
  }

  /** Null when every live node's successor and predecessor are right, else what is wrong. */
  private static String neighboursWrong() throws Exception {
    IdealRing ideal = ideal();
    for (Map.Entry<Integer, Integer> node : idOfPort.entrySet()) {
      RingState state = Thrift.ringState(node.getKey());
      int id = node.getValue();
      if (state.successor().id() != ideal.nextOf(id)) {
        return "node " + id + " has successor " + state.successor().id() + ", expected " + ideal.nextOf(id);
      }
      if (state.predecessor().map(NodeRef::id).orElse(-1) != ideal.predecessorOf(id)) {
        return "node " + id + " has predecessor " + state.predecessor() + ", expected " + ideal.predecessorOf(id);
      }
    }
    return null;
  }

  private static Model awaitDone(int port, String file) {
    Model[] model = new Model[1];
    await(file + " trained").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
      model[0] = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> c.get_model(file));
      return model[0].getStatus().equals("done");
    });
    return model[0];
  }

  private static List<String> files() throws Exception {
    try (var list = Files.list(letters)) {
      return list.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  @Order(1)
  void theEightNodesReachTheIdealRing() {
    await("ideal ring of 8").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (int port : idOfPort.keySet()) {
        assertThat(ideal().firstDifference(Thrift.ringState(port), 8)).isEmpty();
      }
    });
  }

  @Test
  @Order(2)
  void afterTwoNodesAreKilledTheRestRepairWithinTenSecondsAndRouteRight() throws Exception {
    List<Integer> ports = new ArrayList<>(idOfPort.keySet());
    long killed = System.nanoTime();
    for (int port : List.of(ports.get(2), ports.get(5))) {
      cluster.kill(port);
      idOfPort.remove(port);
    }

    await("neighbours repaired").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .until(() -> neighboursWrong() == null);
    System.out.printf("ring repaired %d ms after kill -9 of two of eight nodes%n",
        Duration.ofNanos(System.nanoTime() - killed).toMillis());

    int entry = idOfPort.keySet().iterator().next();
    for (String file : files()) {
      Rpc.computeNode("127.0.0.1", entry, RpcSettings.DEFAULTS, c -> {
        c.put_data(file);
        return null;
      });
    }
    for (String file : files()) {
      assertThat(awaitDone(entry, file).getTrained_by()).as(file).isEqualTo(ideal().successorOf(SPACE.keyOf(file)));
    }
  }

  @Test
  @Order(3)
  void withTheSupernodeStoppedTheRingStillRoutesAndTrains() throws Exception {
    cluster.stopSupernode();
    IdealRing ideal = ideal();

    for (int port : idOfPort.keySet()) {
      for (int key = 0; key < SPACE.size(); key += 7) {
        int k = key;
        org.dhtfl.thrift.Lookup lookup = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> c.lookup(k));
        assertThat(lookup.getOwner().getId()).as("key %d from port %d", key, port).isEqualTo(ideal.successorOf(key));
      }
    }
    String file = files().get(0);
    int entry = new ArrayList<>(idOfPort.keySet()).get(1);
    Rpc.computeNode("127.0.0.1", entry, RpcSettings.DEFAULTS, c -> {
      c.put_data(file);
      return null;
    });
    assertThat(awaitDone(entry, file).getTrained_by()).isEqualTo(ideal.successorOf(SPACE.keyOf(file)));
  }

  @Test
  @Order(4)
  void aNodeThatLeavesGracefullyHandsItsResultsToItsSuccessor() throws Exception {
    String file = files().get(1);
    int owner = ideal().successorOf(SPACE.keyOf(file));
    int ownerPort = idOfPort.entrySet().stream().filter(e -> e.getValue() == owner).findFirst().orElseThrow().getKey();
    int other = idOfPort.keySet().stream().filter(p -> p != ownerPort).findFirst().orElseThrow();
    awaitDone(other, file);

    cluster.stopNode(ownerPort);
    idOfPort.remove(ownerPort);

    assertThat(cluster.log("node-" + ownerPort)).contains("handed");
    Model after = Rpc.computeNode("127.0.0.1", other, RpcSettings.DEFAULTS, c -> c.get_model(file));
    assertThat(after.getStatus()).isEqualTo("done");
    assertThat(after.getTrained_by()).isEqualTo(owner);
    assertThat(neighboursWrong()).isNull();
  }
}
