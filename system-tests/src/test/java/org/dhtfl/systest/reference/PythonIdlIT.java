package org.dhtfl.systest.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The IDL serves Python: Debian's Thrift compiler generates Python from thrift/, and
 * examples/python/federated_job.py, which speaks only that code, trains a file of the project's
 * real letters data on a supernode and three nodes. The nodes have no data folder of their own,
 * so the file's rows travel from Python with the job. Skipped when python3 with the thrift module
 * or the thrift compiler is missing, unless the environment sets DHTFL_REQUIRE_PYTHON.
 */
class PythonIdlIT {

  private static final Path PROJECT = LocalCluster.project();
  private static final String FILE = "zx0uRKUQj5";
  private static final IdSpace SPACE = new IdSpace(6);
  private static final Pattern TRAINED_BY = Pattern.compile("^trained by: node (\\d+)$", Pattern.MULTILINE);
  private static final Pattern ERROR = Pattern.compile("^training error: (\\d+\\.\\d+)$", Pattern.MULTILINE);

  @Test
  void thePythonExampleTrainsARealFileThroughTheGeneratedCode() throws Exception {
    String python = PythonWithThrift.find("the Python IDL test");
    try (LocalCluster cluster = LocalCluster.onFreePorts(Path.of("target", "it", "python-idl"), 3)) {
      Path genPy = Files.createDirectories(cluster.dir().resolve("gen-py"));
      int generated = cluster.runCommand("thrift-gen-py", Duration.ofSeconds(60), List.of("thrift", "-r", "--gen",
          "py", "-out", genPy.toString(), PROJECT.resolve("thrift/compute_node.thrift").toString()));
      assertThat(generated).as(cluster.log("thrift-gen-py")).isZero();
      Path noData = Files.createDirectories(cluster.dir().resolve("no-data"));
      cluster.startSupernode();
      for (int port : cluster.nodePorts()) {
        cluster.startNode(port, noData);
      }
      IdealRing ideal = awaitIdealRing(cluster);

      int exit = cluster.runCommand("python", Duration.ofSeconds(120), List.of(python,
          PROJECT.resolve("examples/python/federated_job.py").toString(), "--gen-py", genPy.toString(),
          "--timeout", "90", "127.0.0.1", String.valueOf(cluster.supernodePort()),
          PROJECT.resolve("data/letters").resolve(FILE).toString()));

      String out = cluster.log("python");
      assertThat(exit).as(out + cluster.logs()).isZero();
      assertThat(out).contains("file " + FILE + ": key " + SPACE.keyOf(FILE) + ",")
          .contains("sending its 500 rows").contains("status: done").contains("rows: 500");
      Matcher trainedBy = TRAINED_BY.matcher(out);
      assertThat(trainedBy.find()).as(out).isTrue();
      assertThat(Integer.parseInt(trainedBy.group(1))).isEqualTo(ideal.successorOf(SPACE.keyOf(FILE)));
      Matcher error = ERROR.matcher(out);
      assertThat(error.find()).as(out).isTrue();
      assertThat(Double.parseDouble(error.group(1))).as("training error, against 0.96 by chance")
          .isGreaterThan(0.0).isLessThan(0.5);
    }
  }

  private static IdealRing awaitIdealRing(LocalCluster cluster) throws Exception {
    List<Integer> ids = new ArrayList<>();
    for (int port : cluster.nodePorts()) {
      ids.add(Thrift.ringState(port).self().id());
    }
    IdealRing ideal = new IdealRing(SPACE, ids);
    await("ideal pointers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (int port : cluster.nodePorts()) {
        assertThat(ideal.firstDifference(Thrift.ringState(port), 8)).as("node on port %d", port).isEmpty();
      }
    });
    return ideal;
  }
}
