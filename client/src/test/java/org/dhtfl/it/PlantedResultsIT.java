package org.dhtfl.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Handoff;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The planting attack of issue 11, in plain mode: while a three-round run trains, a local process
 * that is no member calls store_replica and take_over on every node with a finished result (every
 * weight change 50.0) for every file of rounds 2 and 3 of that run. Nodes believe nothing pushed
 * (copies are pulled from the key's owner), so the run ends with the error of a run without the
 * attack.
 */
class PlantedResultsIT {

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Path LETTERS = PROJECT.resolve("data").resolve("letters");
  private static final Pattern RUN = Pattern.compile("^Run (run-\\S+):", Pattern.MULTILINE);

  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void resultsPlantedByAProcessThatIsNoMemberNeverReachTheAverage() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "planted-results"), 3);
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
    }
    String faultless = finalError(run("faultless"));

    Process client = start("attacked");
    cluster.awaitLog("attacked", "Run run-");
    Matcher run = RUN.matcher(cluster.log("attacked"));
    assertThat(run.find()).isTrue();
    int planted = plant(run.group(1));
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).isTrue();
    String log = cluster.log("attacked");
    assertThat(client.exitValue()).as(log).isZero();

    assertThat(planted).as("calls the nodes took").isPositive();
    assertThat(finalError(log)).isEqualTo(faultless);
  }

  private Process start(String name) throws Exception {
    return cluster.start(name, LocalCluster.jar("client"), List.of("127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", LETTERS.toString(), "--validate",
        PROJECT.resolve("data").resolve("validate_letters.txt").toString(), "--files", "12", "--rounds", "3",
        "--out", cluster.dir().resolve(name).toString()));
  }

  private String run(String name) throws Exception {
    Process client = start(name);
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).isTrue();
    assertThat(client.exitValue()).as(cluster.log(name)).isZero();
    return cluster.log(name);
  }

  /** store_replica and take_over of a "done" result for every file of rounds 2 and 3 on every node. */
  private int plant(String runId) throws Exception {
    double[][] v = new double[21][26];
    double[][] w = new double[17][20];
    Stream.of(v).forEach(row -> Arrays.fill(row, 50.0));
    Stream.of(w).forEach(row -> Arrays.fill(row, 50.0));
    List<String> files;
    try (Stream<Path> list = Files.list(LETTERS)) {
      files = list.map(p -> p.getFileName().toString()).sorted().limit(12).toList();
    }
    int taken = 0;
    for (int round = 2; round <= 3; round++) {
      for (String file : files) {
        JobKey key = new JobKey(runId, round, file);
        JobResult fake = new JobResult(file, JobStatus.DONE, Optional.of(new WeightRows("mlp", v, w)), 0.01, 500,
            250, 1, OptionalInt.of(6), 1, "glibc", "");
        Handoff handoff = new Handoff(file);
        handoff.setKey(JobWire.toThrift(key));
        handoff.setResult(JobWire.toThrift(fake));
        for (int port : cluster.nodePorts()) {
          Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> {
            c.store_replica(JobWire.toThrift(key), JobWire.toThrift(fake));
            c.take_over(List.of(handoff));
            return null;
          });
          taken++;
        }
      }
    }
    return taken;
  }

  private static String finalError(String log) {
    int at = log.lastIndexOf("Final validation error: ");
    assertThat(at).as(log).isNotNegative();
    return log.substring(at, log.indexOf('\n', at));
  }
}
