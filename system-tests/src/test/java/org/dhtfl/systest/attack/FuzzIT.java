package org.dhtfl.systest.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * A short run of the fuzzer (scripts/fuzz.sh runs 5,000 cases) against a supernode and a node with
 * a 256 MB heap: no case may kill either, and a correct request must be answered after each.
 */
class FuzzIT {

  private static LocalCluster cluster;

  @BeforeAll
  static void start() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "fuzz"), 1);
    cluster.startSupernode();
    cluster.startNode(cluster.nodePorts().get(0), Files.createDirectories(cluster.dir().resolve("empty")));
  }

  @AfterAll
  static void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void malformedInputNeitherCrashesNorHangsTheServers() throws Exception {
    int status = runFuzzer();

    String out = cluster.log("fuzz-main");
    assertThat(status).as(out).isZero();
    assertThat(out).contains("cases: 400", "crashes: 0", "hangs: 0", "correct_requests_answered: 400");
    assertThat(cluster.log("supernode") + cluster.log("node-" + cluster.nodePorts().get(0)))
        .contains("dropped a malformed request").doesNotContain("Exception in thread");
  }

  private static int runFuzzer() throws Exception {
    ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", LocalCluster.toolClassPath(), "org.dhtfl.systest.tools.fuzz.FuzzMain", "--supernode",
        "127.0.0.1:" + cluster.supernodePort(), "--node", "127.0.0.1:" + cluster.nodePorts().get(0), "--cases",
        "400", "--seed", "7").redirectErrorStream(true).redirectOutput(cluster.logFile("fuzz-main").toFile());
    Process process = builder.start();
    if (!process.waitFor(240, java.util.concurrent.TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor();
      throw new IllegalStateException("the fuzzer did not finish; log:\n" + cluster.log("fuzz-main"));
    }
    return process.exitValue();
  }
}
