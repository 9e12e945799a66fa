package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Runs that outlive their client, on real processes and the project's real data: a ten-round run
 * killed with kill -9 during round 4 and resumed with --resume ends with the same validation error
 * and a model file bit-identical to an uninterrupted run's; a run whose round cannot finish ends
 * with a non-zero exit and keeps the last good model and its report.
 */
class ResumeIT {

  private static final int ROUNDS = 10;
  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Path LETTERS = PROJECT.resolve("data").resolve("letters");
  private static final Path VALIDATION = PROJECT.resolve("data").resolve("validate_letters.txt");

  private LocalCluster cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private void start(String name) throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", name), 3);
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
    }
  }

  /** A ten-round run on 12 real shards, 250 epochs without early stopping, into the folder. */
  private Process client(String name, Path out) throws Exception {
    return cluster.start(name, LocalCluster.jar("client"), List.of("127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", LETTERS.toString(), "--validate", VALIDATION.toString(),
        "--files", "12", "--rounds", String.valueOf(ROUNDS), "--no-early-stop", "--out", out.toString()));
  }

  private int finish(String name, Process client) throws Exception {
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).as(name + " finished").isTrue();
    return client.exitValue();
  }

  private static String finalError(String log) {
    int at = log.lastIndexOf("Final validation error: ");
    assertThat(at).as(log).isNotNegative();
    return log.substring(at, log.indexOf('\n', at));
  }

  @Test
  void aRunKilledInRound4AndResumedEndsWithTheModelOfAnUninterruptedRun() throws Exception {
    start("resume");
    Path whole = cluster.dir().resolve("whole");
    assertThat(finish("whole", client("whole", whole))).as(cluster.log("whole")).isZero();

    Path killed = cluster.dir().resolve("killed");
    Process client = client("killed", killed);
    cluster.awaitLog("killed", "Round 3/" + ROUNDS);
    client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    JsonNode state = new ObjectMapper().readTree(killed.resolve("run.json").toFile());
    assertThat(state.get("rounds").size()).as("rounds in run.json when killed").isEqualTo(3);
    assertThat(state.get("status").asText()).isEqualTo("running");
    assertThat(Files.readAllBytes(killed.resolve("model.txt")))
        .isNotEqualTo(Files.readAllBytes(whole.resolve("model.txt")));

    int exit = cluster.run("resumed", "client", Duration.ofSeconds(240), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--resume", killed.toString());
    String log = cluster.log("resumed");
    assertThat(exit).as(log).isZero();
    assertThat(log).contains("after round 3 of 10").doesNotContain("Round 3/10").contains("Round 4/10");
    assertThat(finalError(log)).isEqualTo(finalError(cluster.log("whole")));
    assertThat(Files.readAllBytes(killed.resolve("model.txt")))
        .as("model.txt of the resumed run, byte for byte").isEqualTo(Files.readAllBytes(whole.resolve("model.txt")));

    JsonNode report = new ObjectMapper().readTree(killed.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("finished");
    assertThat(report.get("rounds").size()).isEqualTo(ROUNDS);
    assertThat(report.get("resumed").get(0).get("after_round").asInt()).isEqualTo(3);
    assertThat(report.get("options").get("init").asText()).isEqualTo("glibc");
    assertThat(report.has("model")).as("the model is in model.txt, not in the report").isFalse();
    List<Integer> submissions = new ArrayList<>();
    report.get("rounds").get(9).get("files").forEach(f -> submissions.add(f.get("submissions").asInt()));
    assertThat(submissions).hasSize(12).allMatch(n -> n >= 1);
  }

  @Test
  void aStandardisedRunOfTwoLayersWithAdamAndFedavgmKilledAndResumedEndsWithTheModelOfAnUninterruptedRun()
      throws Exception {
    start("resume-layered");
    List<String> options = List.of("--data-dir", LETTERS.toString(), "--validate", VALIDATION.toString(),
        "--files", "6", "--rounds", "4", "--hidden", "64,32", "--batch", "32", "--optimizer", "adam",
        "--standardize", "--epochs", "3", "--strategy", "fedavgm");
    Path whole = cluster.dir().resolve("whole");
    assertThat(finish("whole", layeredClient("whole", whole, options))).as(cluster.log("whole")).isZero();

    Path killed = cluster.dir().resolve("killed");
    Process client = layeredClient("killed", killed, options);
    cluster.awaitLog("killed", "Round 2/4");
    client.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    int exit = cluster.run("resumed", "client", Duration.ofSeconds(240), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--resume", killed.toString());

    String log = cluster.log("resumed");
    assertThat(exit).as(log).isZero();
    assertThat(log).doesNotContain("Standardisation of").contains("Round 4/4");
    assertThat(cluster.log("whole")).contains("Standardisation of the 6 files' inputs");
    assertThat(finalError(log)).isEqualTo(finalError(cluster.log("whole")));
    assertThat(Files.readAllBytes(killed.resolve("model.txt")))
        .as("model.txt of the resumed run, byte for byte").isEqualTo(Files.readAllBytes(whole.resolve("model.txt")));
    List<String> model = Files.readAllLines(whole.resolve("model.txt"));
    assertThat(model).contains("# dhtfl model, format 2", "hidden 64,32", "W 17 64", "W 65 32", "S 2 16");
    double error = Double.parseDouble(finalError(log).replaceAll("[^0-9.]", ""));
    assertThat(error).as("four short rounds of six files learn far more than chance (96%)").isLessThan(60);
  }

  private Process layeredClient(String name, Path out, List<String> options) throws Exception {
    List<String> args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(cluster.supernodePort())));
    args.addAll(options);
    args.addAll(List.of("--out", out.toString()));
    return cluster.start(name, LocalCluster.jar("client"), args);
  }

  /**
   * Rounds 1 and 2 must finish within the round time-out on cold nodes (about 10 s for round 1 on
   * two cores); round 3 cannot, since every node is killed once round 2 is done.
   */
  @Test
  void aRoundThatCannotFinishEndsTheRunAndKeepsTheLastGoodModel() throws Exception {
    start("round-fails");
    Path out = cluster.dir().resolve("run");
    Process client = cluster.start("client", LocalCluster.jar("client"), List.of("127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", LETTERS.toString(), "--validate", VALIDATION.toString(),
        "--files", "12", "--rounds", String.valueOf(ROUNDS), "--no-early-stop", "--epochs", "2000",
        "--round-timeout-s", "30", "--out", out.toString()));
    cluster.awaitLog("client", "Round 2/" + ROUNDS);
    byte[] round2 = Files.readAllBytes(out.resolve("model.txt"));
    for (int port : cluster.nodePorts()) {
      cluster.kill(port);
    }
    assertThat(finish("client", client)).as(cluster.log("client")).isEqualTo(1);
    String log = cluster.log("client");
    assertThat(log).contains("error: round 3: ").contains("--resume " + out);
    JsonNode report = new ObjectMapper().readTree(out.resolve("report.json").toFile());
    assertThat(report.get("status").asText()).isEqualTo("failed");
    assertThat(report.get("failure").asText()).startsWith("round 3: ");
    assertThat(report.get("rounds").size()).isEqualTo(2);
    assertThat(Files.readAllBytes(out.resolve("model.txt"))).isEqualTo(round2);
  }
}
