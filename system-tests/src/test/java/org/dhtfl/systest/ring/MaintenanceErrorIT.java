package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * An Error thrown in a node's maintenance (injected into its first round) does not stop it: after
 * a kill -9 of a neighbour, that node still repairs its part of the ring. A scheduled task that
 * throws is never run again, so a node whose maintenance let an Error out would answer pings and
 * repair nothing.
 */
class MaintenanceErrorIT {

  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aNodeWhoseMaintenanceThrewAnErrorStillRepairsTheRingAfterANeighbourIsKilled() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "maintenance-error"), 3);
    cluster.startSupernode();
    List<Integer> ports = cluster.nodePorts();
    for (int port : ports) {
      cluster.startNodeWithJvmOptions(port, Files.createDirectories(cluster.dir().resolve("host-" + port)),
          List.of("-Ddhtfl.inject-maintenance-error=true"));
    }
    for (int port : ports) {
      cluster.awaitLog("node-" + port, "OutOfMemoryError: injected");
    }
    await("a ring of three").atMost(Duration.ofSeconds(30)).until(() -> Thrift.ringWalkSize(ports.get(0)) == 3);

    cluster.kill(ports.get(1));

    await("the ring repaired without the killed node").atMost(Duration.ofSeconds(30))
        .until(() -> safeWalk(ports.get(0)) == 2 && safeWalk(ports.get(2)) == 2);
    assertThat(cluster.log("node-" + ports.get(0))).contains("maintenance round failed; the next tick runs it again");
  }

  private static int safeWalk(int port) {
    try {
      return Thrift.ringWalkSize(port);
    } catch (Exception e) {
      return -1;
    }
  }
}
