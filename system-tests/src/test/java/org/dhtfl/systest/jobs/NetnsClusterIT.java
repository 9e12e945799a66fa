package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * scripts/netns-cluster.sh: three nodes in network namespaces of their own with empty data
 * folders, the shards only on the client. Needs root and ip (CI runs as root); skipped otherwise.
 */
class NetnsClusterIT {

  @Test
  void threeNodesOnSeparateHostsWithoutSharedFilesTrainEveryFile() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "needs ip from iproute2");
    Path project = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Path runDir = Path.of("target", "it", "netns").toAbsolutePath();
    Path log = Path.of("target", "it", "netns.log").toAbsolutePath();
    // The client refuses a folder that holds an earlier run, as a second `mvn verify` leaves one.
    LocalCluster.deleteRecursively(runDir);
    Files.createDirectories(log.getParent());

    Process script = new ProcessBuilder("bash", project.resolve("scripts/netns-cluster.sh").toString(), "--run-dir",
        runDir.toString(), "--subnet", "10.231.77").redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = script.waitFor(300, TimeUnit.SECONDS);
    if (!finished) {
      script.destroy();
      script.waitFor(20, TimeUnit.SECONDS);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(finished).as(out).isTrue();
    assertThat(script.exitValue()).as(out).isZero();
    assertThat(out).contains("Round 2/2: 6 of 6 files").contains("Final validation error: ");
    for (int i = 1; i <= 3; i++) {
      try (var files = Files.list(runDir.resolve("host-" + i).resolve("letters"))) {
        assertThat(files).as("host %d's data folder", i).isEmpty();
      }
    }
  }
}
