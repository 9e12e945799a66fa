package org.dhtfl.systest.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The planting attack, in plain mode: while a three-round run trains, a local process
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
    ForgedResults.Planted planted = ForgedResults.plant(cluster.nodePorts(), run.group(1),
        ForgedResults.firstFiles(LETTERS, 12), 2, 3);
    assertThat(client.waitFor(240, TimeUnit.SECONDS)).isTrue();
    String log = cluster.log("attacked");
    assertThat(client.exitValue()).as(log).isZero();

    assertThat(planted.taken()).as("calls the nodes took").isEqualTo(2 * 12 * cluster.nodePorts().size());
    assertThat(planted.refused()).isZero();
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

  private static String finalError(String log) {
    int at = log.lastIndexOf("Final validation error: ");
    assertThat(at).as(log).isNotNegative();
    return log.substring(at, log.indexOf('\n', at));
  }
}
