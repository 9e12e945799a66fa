package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Multi-round federated runs on real processes, with faults: a node killed with kill -9 during
 * round 3 and a fourth node started during round 6; the supernode killed after round 1. Every
 * round must count every file once, and the final model must be the one of a run without faults
 * (each file's training is deterministic given the round's global model). Training runs 1,000
 * epochs without early stopping so that a round lasts long enough to be interrupted.
 */
class FederatedFaultsIT {

  private static final Pattern ROUND = Pattern.compile("^Round (\\d+)/(\\d+): (\\d+) of (\\d+) files, validation error "
      + "(\\d+\\.\\d\\d)%", Pattern.MULTILINE);
  private static final int ROUNDS = 10;

  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  /** Three nodes with empty data folders (jobs carry their files); a fourth port admitted but not started. */
  private Path start(String name) throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", name), 4);
    Path data = cluster.generateData(9, 500);
    cluster.startSupernode();
    for (int port : cluster.nodePorts().subList(0, 3)) {
      Path empty = Files.createDirectories(cluster.dir().resolve("host-" + port));
      cluster.startNode(port, empty, "--stabilize-ms", "500");
    }
    return data;
  }

  private Process client(Path data) throws Exception {
    return cluster.start("client", LocalCluster.jar("client"), List.of("127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString(), "--rounds", String.valueOf(ROUNDS), "--out",
        cluster.dir().toString(), "--round-timeout-s", "120", "--epochs", "1000", "--no-early-stop"));
  }

  private static int idOf(int port) {
    try {
      return Thrift.ringState(port).self().id();
    } catch (org.dhtfl.rpc.RemoteException e) {
      throw new IllegalStateException("node on port " + port + " does not answer", e);
    }
  }

  private static List<String[]> rounds(String log) {
    List<String[]> rounds = new ArrayList<>();
    Matcher m = ROUND.matcher(log);
    while (m.find()) {
      rounds.add(new String[] {m.group(1), m.group(3), m.group(4), m.group(5)});
    }
    return rounds;
  }

  private String finish(Process client) throws Exception {
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).as("client finished").isTrue();
    String log = cluster.log("client");
    assertThat(client.exitValue()).as(log).isZero();
    List<String[]> rounds = rounds(log);
    assertThat(rounds).as(log).hasSize(ROUNDS);
    for (String[] r : rounds) {
      assertThat(r[1]).as("files trained in round %s", r[0]).isEqualTo(r[2]).isEqualTo("9");
    }
    return rounds.get(ROUNDS - 1)[3];
  }

  private String runWithoutFaults() throws Exception {
    Path data = start("federated-baseline");
    String error = finish(client(data));
    cluster.close();
    cluster = null;
    return error;
  }

  @Test
  void aRunWithANodeKilledInRound3AndANodeAddedInRound6CountsEveryFileOnceAndEndsWhereAFaultlessRunEnds()
      throws Exception {
    String baseline = runWithoutFaults();
    Path data = start("federated-faults");
    Process client = client(data);

    cluster.awaitLog("client", "Round 2/" + ROUNDS);
    cluster.kill(cluster.nodePorts().get(1));
    cluster.awaitLog("client", "Round 5/" + ROUNDS);
    int fourth = cluster.nodePorts().get(3);
    cluster.startNode(fourth, Files.createDirectories(cluster.dir().resolve("host-" + fourth)), "--stabilize-ms",
        "500");
    String error = finish(client);

    assertThat(error).isEqualTo(baseline);
    String log = cluster.log("client");
    assertThat(log.indexOf("Ring of 2 members")).as(log).isGreaterThan(log.indexOf("Round 2/"));
    assertThat(log.indexOf("Ring of 3 members", log.indexOf("Round 6/"))).as(log).isPositive();
    assertThat(cluster.log("node-" + fourth)).contains("running on port");
    // In the last round every file was trained by the owner of its key among the live nodes,
    // the late node included: it took over its keys.
    IdealRing live = new IdealRing(new IdSpace(6), List.of(cluster.nodePorts().get(0), cluster.nodePorts().get(2),
        fourth).stream().map(FederatedFaultsIT::idOf).toList());
    String lastRound = Files.readString(cluster.dir().resolve("report.json"));
    lastRound = lastRound.substring(lastRound.lastIndexOf("\"round\": " + ROUNDS));
    Matcher trained = Pattern.compile("\"file\": \"([^\"]+)\",\\s*\"key\": (\\d+),\\s*\"status\": \"done\","
        + "\\s*\"node\": (\\d+)").matcher(lastRound);
    int files = 0;
    while (trained.find()) {
      files++;
      assertThat(Integer.parseInt(trained.group(3))).as("trainer of %s in round %d", trained.group(1), ROUNDS)
          .isEqualTo(live.successorOf(Integer.parseInt(trained.group(2))));
    }
    assertThat(files).isEqualTo(9);
    assertThat(Double.parseDouble(error)).isLessThan(60.0);
  }

  @Test
  void aRunGoesOnAfterTheSupernodeIsKilledAfterRound1() throws Exception {
    Path data = start("federated-no-supernode");
    Process client = client(data);

    cluster.awaitLog("client", "Round 1/" + ROUNDS);
    cluster.killSupernode();
    String error = finish(client);

    assertThat(Double.parseDouble(error)).isLessThan(60.0);
    assertThat(Files.exists(cluster.dir().resolve("validation-error.png"))).isTrue();
    int exit = cluster.run("validate", "client", Duration.ofSeconds(60), "validate",
        cluster.dir().resolve("model.txt").toString(), data.resolve("validate_letters.txt").toString());
    assertThat(exit).as(cluster.log("validate")).isZero();
    assertThat(cluster.log("validate")).contains("Validation error: " + error + "%");
  }
}
