package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * A compute node started before its supernode: it says once that it waits for the supernode and
 * why, joins as soon as the supernode comes, still ends with the supernode's reason when the
 * supernode refuses it, and ends cleanly when stopped while it waits.
 */
class NodeBeforeSupernodeIT {

  /** The node asks again at most every 5 s, so it joins well within this once the supernode is up. */
  private static final Duration JOINS_WITHIN = Duration.ofSeconds(30);

  private LocalCluster cluster;

  @AfterEach
  void stopEverything() throws InterruptedException {
    if (cluster != null) {
      cluster.close();
    }
  }

  private Path letters(String name) throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", name), 1);
    return cluster.generateData(1, 50).resolve("letters");
  }

  private String waitingLine() {
    return "waiting for the supernode at 127.0.0.1:" + cluster.supernodePort() + " (connection refused)";
  }

  private List<NodeRef> members() throws Exception {
    List<org.dhtfl.thrift.NodeRef> wire = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_members());
    return Convert.fromThrift(wire);
  }

  @Test
  void aNodeStartedBeforeItsSupernodeSaysItWaitsAndJoinsAsSoonAsTheSupernodeComes() throws Exception {
    Path letters = letters("node-before-supernode");
    int port = cluster.nodePorts().get(0);
    Process node = cluster.startNodeNoWait(port, letters);
    cluster.awaitLog("node-" + port, waitingLine());
    assertThat(node.isAlive()).as("the node waits instead of ending").isTrue();

    cluster.startSupernode();

    await("node " + port + " in the ring").atMost(JOINS_WITHIN).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> {
          assertThat(node.isAlive()).as(cluster.log("node-" + port)).isTrue();
          assertThat(members()).extracting(NodeRef::port).containsExactly(port);
          RingState state = Thrift.ringState(port);
          assertThat(state.self().port()).isEqualTo(port);
          assertThat(state.successor().port()).as("alone, its own successor").isEqualTo(port);
        });
    // The node says it runs just after it is a member; the line may come a moment after the above.
    cluster.awaitLog("node-" + port, "running on port " + port);
    String log = cluster.log("node-" + port);
    assertThat(log.split(java.util.regex.Pattern.quote(waitingLine()), -1)).as("said once:\n" + log).hasSize(2);
    assertThat(log).contains("the supernode at 127.0.0.1:" + cluster.supernodePort() + " answers, after")
        .contains("running on port " + port);
  }

  @Test
  void aNodeThatTheSupernodeRefusesWhenItComesEndsWithTheSupernodesReason() throws Exception {
    Path letters = letters("unlisted-node-before-supernode");
    int unlisted = LocalCluster.freePorts(1).get(0);
    Process node = cluster.startNodeNoWait(unlisted, letters);
    cluster.awaitLog("node-" + unlisted, waitingLine());

    cluster.startSupernode();

    assertThat(node.waitFor(JOINS_WITHIN.toSeconds(), TimeUnit.SECONDS)).as("the node ended").isTrue();
    assertThat(node.exitValue()).isEqualTo(1);
    assertThat(cluster.log("node-" + unlisted)).contains("error: the supernode refused port " + unlisted
        + ": port " + unlisted + " is not in the admission list");
  }

  @Test
  void stoppingANodeThatWaitsForItsSupernodeEndsItCleanly() throws Exception {
    Path letters = letters("node-stopped-while-waiting");
    int port = cluster.nodePorts().get(0);
    Process node = cluster.startNodeNoWait(port, letters);
    cluster.awaitLog("node-" + port, waitingLine());

    node.destroy();

    assertThat(node.waitFor(15, TimeUnit.SECONDS)).as("the node ended on SIGTERM").isTrue();
    String log = cluster.log("node-" + port);
    assertThat(log).contains("stopped while waiting to be admitted by the supernode at 127.0.0.1:"
        + cluster.supernodePort() + "; the node did not join").doesNotContain("error:").doesNotContain("\tat ");
  }
}
