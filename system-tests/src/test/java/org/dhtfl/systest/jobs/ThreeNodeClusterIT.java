package org.dhtfl.systest.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.thrift.transport.TTransport;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.reference.ComputeNode;
import org.dhtfl.thrift.reference.Model;
import org.dhtfl.thrift.reference.Supernode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/** A supernode, three compute nodes and clients, each a real process, on ports chosen at run time. */
class ThreeNodeClusterIT {

  private static final Pattern RESULT_LINE = Pattern.compile("^  (\\S+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+(\\d+)\\s+([\\d.]+)%$",
      Pattern.MULTILINE);
  private static final Pattern FINAL = Pattern.compile("Final validation error: (\\d+\\.\\d\\d)%");

  private static LocalCluster cluster;
  private static Path data;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "three-node"), 3);
    data = cluster.generateData(6, 300);
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, data.resolve("letters"));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private static List<Integer> ids() throws Exception {
    List<Integer> ids = new ArrayList<>();
    for (int port : cluster.nodePorts()) {
      ids.add(Thrift.ringState(port).self().id());
    }
    return ids;
  }

  @Test
  void everyNodeReachesTheIdealPointersOfTheRing() throws Exception {
    IdealRing ideal = new IdealRing(new IdSpace(6), ids());

    await("ideal pointers").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
      for (int port : cluster.nodePorts()) {
        RingState state = Thrift.ringState(port);
        assertThat(ideal.firstDifference(state, 8)).as("node on port %d", port).isEmpty();
      }
    });
  }

  @Test
  void clientTrainsEveryFileOnTheOwnerOfItsKeyAndPrintsTheValidationError() throws Exception {
    int exit = cluster.run("client", "client", Duration.ofSeconds(180), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--validate",
        data.resolve("validate_letters.txt").toString());

    String out = cluster.log("client");
    assertThat(exit).as(out).isZero();
    assertThat(out).contains("Ring of 3 members (m = 6):").contains("Collected 6 of 6 results");
    Matcher fin = FINAL.matcher(out);
    assertThat(fin.find()).as(out).isTrue();
    assertThat(Double.parseDouble(fin.group(1))).isBetween(0.0, 60.0);
    IdealRing ideal = new IdealRing(new IdSpace(6), ids());
    Matcher line = RESULT_LINE.matcher(out);
    int lines = 0;
    while (line.find()) {
      lines++;
      int key = Integer.parseInt(line.group(2));
      assertThat(new IdSpace(6).keyOf(line.group(1))).isEqualTo(key);
      assertThat(Integer.parseInt(line.group(3))).as("trainer of %s", line.group(1)).isEqualTo(ideal.successorOf(key));
      assertThat(Integer.parseInt(line.group(4))).isEqualTo(300);
    }
    assertThat(lines).isEqualTo(6);
  }

  @Test
  void aClientSpeakingOnlyTheReferenceIdlCompletesAJob() throws Exception {
    String file = Files.list(data.resolve("letters")).map(p -> p.getFileName().toString()).sorted().findFirst()
        .orElseThrow();
    String node = referenceSupernode(c -> c.get_node());
    String[] parts = node.split(":");

    try (TTransport transport = Rpc.open(parts[1], Integer.parseInt(parts[2]), RpcSettings.DEFAULTS)) {
      ComputeNode.Client client = new ComputeNode.Client(Rpc.protocol(transport, RpcSettings.DEFAULTS));
      client.put_data(file);
      Model[] done = new Model[1];
      await("reference get_model").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
        done[0] = client.get_model(file);
        assertThat(done[0].getStatus()).isIn("wait", "done");
        return done[0].getStatus().equals("done");
      });

      assertThat(done[0].getV()).hasSize(21).allSatisfy(row -> assertThat(row).hasSize(26));
      assertThat(done[0].getW()).hasSize(17).allSatisfy(row -> assertThat(row).hasSize(20));
      assertThat(done[0].getError_rate()).isBetween(0.0, 1.0);
    }
  }

  @Test
  void aMissingFileIsReportedAsFailedWithTheReasonAndTheNodeKeepsServing() throws Exception {
    try (TTransport transport = Rpc.open("127.0.0.1", cluster.nodePorts().get(0), RpcSettings.DEFAULTS)) {
      org.dhtfl.thrift.ComputeNode.Client client = new org.dhtfl.thrift.ComputeNode.Client(
          Rpc.protocol(transport, RpcSettings.DEFAULTS));
      client.put_data("no-such-file");
      org.dhtfl.thrift.Model[] answer = new org.dhtfl.thrift.Model[1];
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> {
        answer[0] = client.get_model("no-such-file");
        return !answer[0].getStatus().equals("wait");
      });
      org.dhtfl.thrift.Model traversal = client.get_model("../compute_node.txt");

      assertThat(answer[0].getStatus()).isEqualTo("failed");
      assertThat(answer[0].getReason()).contains("no file no-such-file");
      assertThat(traversal.getStatus()).isEqualTo("failed");
      assertThat(traversal.getReason()).contains("not a plain file name");
      assertThat(client.ping().getPort()).isEqualTo(cluster.nodePorts().get(0));
    }
  }

  @Test
  void theSupernodeRefusesAPortThatIsNotInTheAdmissionListAndSaysWhy() throws Exception {
    org.dhtfl.thrift.JoinResponse response = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.request_join(4242));

    assertThat(response.getId()).isEqualTo(-3);
    assertThat(response.getReason()).isEqualTo("port 4242 is not in the admission list");
    assertThat(cluster.log("supernode")).contains("refused join from 127.0.0.1: port 4242 is not in the admission list");
  }

  @Test
  void twoFilesWithTheSameKeyAreTrainedByTheSameNode() throws Exception {
    IdSpace space = new IdSpace(6);
    String first = "same-key-a";
    String second = null;
    for (int i = 0; second == null; i++) {
      if (space.keyOf("same-key-" + i) == space.keyOf(first) && !("same-key-" + i).equals(first)) {
        second = "same-key-" + i;
      }
    }
    Path shard = Files.list(data.resolve("letters")).sorted().findFirst().orElseThrow();
    Path letters = data.resolve("letters");
    Files.copy(shard, letters.resolve(first));
    Files.copy(shard, letters.resolve(second));
    String secondName = second;

    try (TTransport transport = Rpc.open("127.0.0.1", cluster.nodePorts().get(1), RpcSettings.DEFAULTS)) {
      org.dhtfl.thrift.ComputeNode.Client client = new org.dhtfl.thrift.ComputeNode.Client(
          Rpc.protocol(transport, RpcSettings.DEFAULTS));
      client.put_data(first);
      client.put_data(secondName);
      List<org.dhtfl.thrift.Model> models = new ArrayList<>();
      await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() -> {
        models.clear();
        models.add(client.get_model(first));
        models.add(client.get_model(secondName));
        return models.stream().allMatch(m -> m.getStatus().equals("done"));
      });

      int owner = new IdealRing(space, ids()).successorOf(space.keyOf(first));
      assertThat(models).extracting(org.dhtfl.thrift.Model::getTrained_by).containsExactly(owner, owner);
    } finally {
      Files.deleteIfExists(letters.resolve(first));
      Files.deleteIfExists(letters.resolve(secondName));
    }
  }

  private static <R> R referenceSupernode(Rpc.Call<Supernode.Client, R> call) throws Exception {
    try (TTransport transport = Rpc.openSupernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS)) {
      return call.apply(new Supernode.Client(Rpc.protocol(transport, RpcSettings.DEFAULTS)));
    }
  }
}
