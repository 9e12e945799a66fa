package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.RingState;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.systest.cluster.Thrift;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Three compute nodes with --virtual 4, each a real process holding four positions on the ring: every
 * file is trained by the position that owns its key, and the ring's readers show each physical node
 * once with its four positions.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class VirtualNodesIT {

  private static final int NODES = 3;
  private static final int POSITIONS = 4;
  private static final int FILES = 12;
  private static final Pattern RESULT_LINE = Pattern.compile(
      "^  (\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)%$", Pattern.MULTILINE);
  private static final Pattern NODE_LINE = Pattern.compile(
      "^  127\\.0\\.0\\.1:(\\d+)  positions (\\d+(?:, \\d+)*)$", Pattern.MULTILINE);

  private static LocalCluster cluster;
  private static Path data;
  /** Node i's positions serve on base + i + k x NODES, k = 0..3: twelve consecutive ports. */
  private static int base;

  @BeforeAll
  static void startCluster() throws Exception {
    int supernode = LocalCluster.freePorts(1).get(0);
    base = freeBlock(NODES * POSITIONS);
    List<Integer> listed = new ArrayList<>();
    for (int p = base; p < base + NODES * POSITIONS; p++) {
      listed.add(p);
    }
    cluster = new LocalCluster(Path.of("target", "it", "virtual-nodes"), supernode, listed);
    data = cluster.generateData(FILES, 200);
    cluster.startSupernode();
    for (int i = 0; i < NODES; i++) {
      cluster.startNode(base + i, data.resolve("letters"), "--virtual", String.valueOf(POSITIONS),
          "--virtual-port-step", String.valueOf(NODES));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** The first of {@code count} consecutive ports on which nothing listens now. */
  private static int freeBlock(int count) {
    for (int attempt = 0; attempt < 200; attempt++) {
      int first = ThreadLocalRandom.current().nextInt(20_000, 30_000);
      List<ServerSocket> held = new ArrayList<>();
      try {
        for (int p = first; p < first + count; p++) {
          ServerSocket socket = new ServerSocket();
          held.add(socket);
          socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), p));
        }
        return first;
      } catch (IOException busy) {
        // try another block
      } finally {
        held.forEach(s -> {
          try {
            s.close();
          } catch (IOException ignored) {
            // closing a probe
          }
        });
      }
    }
    throw new IllegalStateException("no " + count + " consecutive free ports in 20000..30000");
  }

  private static List<RingState> positions() throws Exception {
    List<RingState> states = new ArrayList<>();
    for (int port : cluster.nodePorts()) {
      states.add(Thrift.ringState(port));
    }
    return states;
  }

  @Test
  @Order(1)
  void everyProcessNamesItsFourPositionsItsOwnPortFirst() throws Exception {
    for (int i = 0; i < NODES; i++) {
      RingState first = Thrift.ringState(base + i);

      assertThat(first.positions()).hasSize(POSITIONS);
      for (int k = 0; k < POSITIONS; k++) {
        assertThat(first.positions().get(k).port()).isEqualTo(base + i + k * NODES);
        assertThat(Thrift.ringState(base + i + k * NODES).positions()).isEqualTo(first.positions());
      }
    }
    assertThat(positions()).extracting(s -> s.self().id()).doesNotHaveDuplicates();
  }

  @Test
  @Order(2)
  void theReferenceJobAndARoundsRunTrainEveryFileAtTheOwnerOfItsKey() throws Exception {
    IdSpace space = new IdSpace(6);
    List<Integer> ids = positions().stream().map(s -> s.self().id()).toList();
    IdealRing ideal = new IdealRing(space, ids);
    await("the twelve positions' pointers").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> {
          for (RingState state : positions()) {
            assertThat(ideal.firstDifference(state, 8)).as("position %s", state.self()).isEmpty();
          }
        });

    int exit = cluster.run("client", "client", Duration.ofSeconds(180), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString());

    String out = cluster.log("client");
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("Ring of 12 members on 3 nodes (m = 6):").contains("Collected 12 of 12 results")
        .contains("Final validation error: ");
    Matcher line = RESULT_LINE.matcher(out);
    int lines = 0;
    while (line.find()) {
      lines++;
      int key = Integer.parseInt(line.group(2));
      assertThat(Integer.parseInt(line.group(3))).as("trainer of %s", line.group(1)).isEqualTo(ideal.successorOf(key));
    }
    assertThat(lines).isEqualTo(FILES);
    assertOnePhysicalNodeLineEach(out);

    int rounds = cluster.run("rounds", "client", Duration.ofSeconds(240), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString(), "--rounds", "2", "--epochs", "20", "--out",
        cluster.dir().resolve("rounds-run").toString());

    String roundsOut = cluster.log("rounds");
    assertThat(rounds).as(roundsOut).isZero();
    assertThat(roundsOut).contains("Round 1/2: 12 of 12 files").contains("Round 2/2: 12 of 12 files");
  }

  @Test
  @Order(3)
  void theRingWalkAndThePagesJsonShowEachPhysicalNodeOnceWithItsPositions() throws Exception {
    int walk = cluster.run("ring", "client", Duration.ofSeconds(60), "ring", "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--entry", "127.0.0.1:" + base);
    String walked = cluster.log("ring");
    assertThat(walk).as(walked).isZero();
    assertThat(walked).contains("Ring of 12 members (m = 6), walked from node").contains("3 physical nodes hold them:");
    assertOnePhysicalNodeLineEach(walked);

    int json = cluster.run("ring-json", "client", Duration.ofSeconds(60), "ring", "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--json");
    String text = cluster.log("ring-json");
    assertThat(json).as(text).isZero();
    JsonNode view = new ObjectMapper().readTree(text.substring(text.indexOf('{')));
    assertThat(view.get("members")).hasSize(NODES * POSITIONS);
    JsonNode nodes = view.get("nodes");
    assertThat(nodes).hasSize(NODES);
    for (int i = 0; i < NODES; i++) {
      JsonNode node = nodes.get(i);
      int port = node.get("port").asInt();
      assertThat(port).isBetween(base, base + NODES - 1);
      List<Integer> expected = Thrift.ringState(port).positions().stream().map(p -> p.id()).toList();
      List<Integer> shown = new ArrayList<>();
      node.get("positions").forEach(p -> shown.add(p.asInt()));
      assertThat(shown).containsExactlyElementsOf(expected).hasSize(POSITIONS);
    }
  }

  @Test
  @Order(4)
  void aStoppedProcessTakesAllItsPositionsOutOfTheRing() throws Exception {
    List<Integer> left = Thrift.ringState(base + 2).positions().stream().map(p -> p.id()).toList();

    cluster.stopNode(base + 2);

    await("the eight positions left").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .untilAsserted(() -> assertThat(Thrift.ringWalk(base)).hasSize((NODES - 1) * POSITIONS)
            .doesNotContainAnyElementsOf(left));
    for (int id : left) {
      assertThat(cluster.log("node-" + (base + 2))).contains("node " + id + " leaving the ring");
    }
  }

  /** One "HOST:PORT  positions a, b, c, d" line per physical node, with the positions its process names. */
  private static void assertOnePhysicalNodeLineEach(String out) throws Exception {
    Matcher node = NODE_LINE.matcher(out);
    List<Integer> ports = new ArrayList<>();
    while (node.find()) {
      int port = Integer.parseInt(node.group(1));
      ports.add(port);
      List<Integer> expected = Thrift.ringState(port).positions().stream().map(p -> p.id()).toList();
      assertThat(List.of(node.group(2).split(", ")).stream().map(Integer::parseInt).toList())
          .as("positions of the node on port %d", port).containsExactlyElementsOf(expected).hasSize(POSITIONS);
    }
    assertThat(ports).containsExactlyInAnyOrder(base, base + 1, base + 2);
  }
}
