package org.dhtfl.systest.reference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * A node of the reference system asks a dhtfl supernode to join a ring of two dhtfl nodes. The
 * Python program in src/test/resources/python makes the reference node's join calls in its order,
 * through stubs Debian's Thrift compiler generates from thrift/reference. The supernode refuses it
 * with the reference's "network full" and no members counted, and logs why; so the node builds a
 * ring of its own and calls no member, and the supernode's members and the ring's walk stay the
 * same two nodes. Skipped like {@link PythonIdlIT} when Python or the compiler is missing.
 */
class ReferenceNodeJoinIT {

  private static final Path PROJECT = LocalCluster.project();

  @Test
  void theSupernodeRefusesAReferenceNodeSayingWhyAndTheMembersStayTheRingsOwn() throws Exception {
    String python = PythonWithThrift.find("the reference node test");
    try (LocalCluster cluster = LocalCluster.onFreePorts(Path.of("target", "it", "reference-node-join"), 3)) {
      Path genPy = Files.createDirectories(cluster.dir().resolve("gen-py"));
      for (String idl : List.of("supernode.thrift", "compute_node.thrift")) {
        int generated = cluster.runCommand("thrift-gen-py", Duration.ofSeconds(60), List.of("thrift", "--gen", "py",
            "-out", genPy.toString(), PROJECT.resolve("thrift/reference").resolve(idl).toString()));
        assertThat(generated).as(cluster.log("thrift-gen-py")).isZero();
      }
      Path noData = Files.createDirectories(cluster.dir().resolve("no-data"));
      int first = cluster.nodePorts().get(0);
      int second = cluster.nodePorts().get(1);
      int reference = cluster.nodePorts().get(2);
      cluster.startSupernode();
      cluster.startNode(first, noData);
      cluster.startNode(second, noData);
      List<Integer> ring = List.of(Thrift.ringState(first).self().id(), Thrift.ringState(second).self().id())
          .stream().sorted().toList();
      await("a ring of two").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
          .until(() -> Thrift.ringWalkSize(first) == 2);

      cluster.startCommand("reference-node", List.of(python, "-u",
          PROJECT.resolve("system-tests/src/test/resources/python/reference_style_node.py").toString(), "--gen-py",
          genPy.toString(), String.valueOf(reference), "127.0.0.1", String.valueOf(cluster.supernodePort())));
      cluster.awaitLog("reference-node", "serving on port " + reference);

      String node = cluster.log("reference-node");
      assertThat(node).as(cluster.logs()).contains("request_join(" + reference + "): id -2, 0 nodes")
          .contains("alone: a ring of one as node -2").contains("confirm_join(-2): False")
          .doesNotContain("entry:").doesNotContain("update_finger_table");
      assertThat(cluster.log("supernode")).contains("refused the join of port " + reference + " from 127.0.0.1: port "
          + reference + " asked to join with request_join, as a node of the reference system does");
      // One membership: the supernode's members are the ring's walk, now and through the health checks.
      await("members and ring agree").during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
          .pollInterval(Duration.ofMillis(200)).until(() -> members(cluster).equals(ring)
              && Thrift.ringWalk(first).stream().sorted().toList().equals(ring));
    }
  }

  private static List<Integer> members(LocalCluster cluster) throws Exception {
    List<org.dhtfl.thrift.NodeRef> members = Rpc.supernode("127.0.0.1", cluster.supernodePort(),
        RpcSettings.DEFAULTS, c -> c.get_members());
    return Convert.fromThrift(members).stream().map(org.dhtfl.ring.NodeRef::id).toList();
  }
}
