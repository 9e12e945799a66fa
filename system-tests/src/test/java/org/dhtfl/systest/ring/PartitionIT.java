package org.dhtfl.systest.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * scripts/partition.sh: three nodes cut one from two, and four cut two from two, in network
 * namespaces of their own, each side still reaching the supernode; after healing they must walk one
 * ring within 20 s. Needs root and ip (CI runs as root); skipped otherwise.
 */
class PartitionIT {

  @Test
  void ringsLeftByAPartitionBecomeOneRingWithinTwentySecondsOfHealing() throws Exception {
    Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "network namespaces need root");
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")),
        "needs ip from iproute2");
    Path project = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    Path runDir = Path.of("target", "it", "partition").toAbsolutePath();
    Path log = Path.of("target", "it", "partition.log").toAbsolutePath();
    LocalCluster.deleteRecursively(runDir);
    Files.createDirectories(log.getParent());

    Process script = new ProcessBuilder("bash", project.resolve("scripts/partition.sh").toString(), "--run-dir",
        runDir.toString(), "--subnet", "10.79.7", "--cut-s", "15", "--deadline-s", "20", "--after-s", "30")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    boolean finished = script.waitFor(400, TimeUnit.SECONDS);
    if (!finished) {
      script.destroy();
      script.waitFor(30, TimeUnit.SECONDS);
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);

    assertThat(finished).as(out).isTrue();
    assertThat(script.exitValue()).as(out).isZero();
    assertThat(out).as("the cut parts the rings")
        .containsPattern("three run 1: at the end of the cut \\(\\d+ s\\): node1\\(19\\)=2 node2\\(51\\)=2 "
            + "node3\\(6\\)=1\n")
        .containsPattern("four run 1: at the end of the cut \\(\\d+ s\\): node1\\(19\\)=2 node2\\(51\\)=2 "
            + "node3\\(6\\)=2 node4\\(11\\)=2\n");
    assertThat(out).contains("three run 1: RESULT one ring of 3 within")
        .contains("four run 1: RESULT one ring of 4 within");
  }
}
