package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
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
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The supernode killed with kill -9 and started again with the same options, its membership file
 * kept, deleted or garbled meanwhile: a fourth listed node then joins the one ring of the three
 * running nodes (a walk along the successors from every node finds the same four) within 10 s of
 * its start, and the supernode knows all four. Without its file, the supernode learns the members
 * again from their heartbeats.
 */
class SupernodeRestartIT {

  /** The bound: one ring of four within this after the fourth node starts. */
  private static final Duration ONE_RING_WITHIN = Duration.ofSeconds(10);
  private static final IdSpace SPACE = new IdSpace(6);

  /** What happens to the membership file while the supernode is down. */
  enum StateFile {
    KEPT, DELETED, GARBLED
  }

  private LocalCluster cluster;
  private Path letters;
  private final Map<Integer, Integer> idOfPort = new LinkedHashMap<>();

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** A supernode and three of the four listed nodes, in one ring. */
  private void startThreeOfFour(String name) throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", name), 4);
    letters = cluster.generateData(1, 50).resolve("letters");
    cluster.startSupernode();
    for (int port : cluster.nodePorts().subList(0, 3)) {
      cluster.startNode(port, letters);
      idOfPort.put(port, Thrift.ringState(port).self().id());
    }
    awaitOneRing(Duration.ofSeconds(30));
  }

  /** Waits until a walk along the successors from every node finds the same ring: the nodes of idOfPort. */
  private void awaitOneRing(Duration within) {
    IdealRing ideal = new IdealRing(SPACE, idOfPort.values());
    await("one ring of " + idOfPort.size()).atMost(within).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (int port : idOfPort.keySet()) {
        assertThat(walkFrom(port)).as("walk from port %d", port)
            .containsExactlyInAnyOrderElementsOf(idOfPort.values());
        RingState state = Thrift.ringState(port);
        assertThat(state.predecessor().map(NodeRef::id)).as("predecessor of %d", state.self().id())
            .contains(ideal.predecessorOf(state.self().id()));
      }
    });
  }

  /** The IDs met walking along successor pointers from the node at {@code port} until the walk comes back. */
  private static List<Integer> walkFrom(int port) throws Exception {
    List<Integer> ids = new ArrayList<>();
    RingState state = Thrift.ringState(port);
    int start = state.self().id();
    while (ids.size() <= 2 * SPACE.size()) {
      ids.add(state.self().id());
      NodeRef next = state.successor();
      if (next.id() == start) {
        return ids;
      }
      state = Thrift.ringState(next.port());
    }
    throw new AssertionError("the walk from port " + port + " does not come back: " + ids);
  }

  private List<Integer> supernodeMembers() throws Exception {
    List<org.dhtfl.thrift.NodeRef> members = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_members());
    return Convert.fromThrift(members).stream().map(NodeRef::id).sorted().toList();
  }

  @ParameterizedTest(name = "membership file {0}")
  @EnumSource(StateFile.class)
  void afterAKillAndARestartOfTheSupernodeAFourthNodeJoinsTheOneRing(StateFile file) throws Exception {
    startThreeOfFour("supernode-restart-" + file.name().toLowerCase());
    assertThat(Files.readString(cluster.supernodeState(), StandardCharsets.UTF_8)).as("the file before the kill")
        .contains("bits 6").contains(" 127.0.0.1 " + cluster.nodePorts().get(2));

    cluster.killSupernode();
    switch (file) {
      case KEPT -> {
      }
      case DELETED -> Files.delete(cluster.supernodeState());
      case GARBLED -> Files.writeString(cluster.supernodeState(), "bits 6\nnode nineteen\n", StandardCharsets.UTF_8);
    }
    cluster.restartSupernode("supernode-again");
    int fourth = cluster.nodePorts().get(3);
    long started = System.nanoTime();
    cluster.startNodeNoWait(fourth, letters);
    cluster.awaitLog("node-" + fourth, "running on port");
    idOfPort.put(fourth, Thrift.ringState(fourth).self().id());

    awaitOneRing(ONE_RING_WITHIN.minus(Duration.ofNanos(System.nanoTime() - started)));
    System.out.printf("one ring of four %d ms after the fourth node started (membership file %s)%n",
        Duration.ofNanos(System.nanoTime() - started).toMillis(), file);

    String log = cluster.log("supernode-again");
    assertThat(log).doesNotContain("first node");
    switch (file) {
      case KEPT -> assertThat(log).contains("3 members restored");
      case DELETED -> assertThat(log).contains("0 members restored");
      case GARBLED -> assertThat(log).contains("membership file not used: " + cluster.supernodeState().toAbsolutePath()
          + " line 2: 'node nineteen' is not 'node ID HOST PORT'");
    }
    await("the supernode knows the four").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(supernodeMembers())
            .containsExactlyElementsOf(idOfPort.values().stream().sorted().toList()));
  }

  @Test
  void aSupernodeRestartedWithoutItsFileLearnsTheMembersAgainFromTheirHeartbeats() throws Exception {
    startThreeOfFour("supernode-restart-heartbeats");

    cluster.killSupernode();
    Files.delete(cluster.supernodeState());
    cluster.restartSupernode("supernode-again");

    await("the three members renew").atMost(Duration.ofSeconds(6)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(supernodeMembers())
            .containsExactlyElementsOf(idOfPort.values().stream().sorted().toList()));
    assertThat(cluster.log("supernode-again")).contains("renewed its membership: a member again");
    await("the file names them again").atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertThat(Files.readString(cluster.supernodeState(), StandardCharsets.UTF_8))
            .contains(" 127.0.0.1 " + cluster.nodePorts().get(0)).contains(" 127.0.0.1 " + cluster.nodePorts().get(2)));
  }
}
