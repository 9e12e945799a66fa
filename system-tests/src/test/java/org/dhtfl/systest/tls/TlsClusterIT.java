package org.dhtfl.systest.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.Tls;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Handoff;
import org.dhtfl.thrift.JobKey;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.supernodeConstants;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * A cluster with mutual TLS, keys made by scripts/tls-keys.sh: a client with a key of the
 * cluster's CA trains and validates; a plain client, a client whose key another CA signed, and a
 * node of that other CA are all refused. Each key names its role: the client's key cannot make
 * ring-internal calls, and a node's key cannot join as another node.
 */
class TlsClusterIT {

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static LocalCluster cluster;
  private static Path data;
  private static Path keys;
  private static Path strangers;

  private static List<String> tls(Path dir, String name) {
    return List.of("--tls-keystore", dir.resolve(name + ".p12").toString(), "--tls-truststore",
        dir.resolve("truststore.p12").toString(), "--tls-password-file", dir.resolve("password").toString());
  }

  private static void makeKeys(Path dir, List<String> names) throws Exception {
    List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("scripts/tls-keys.sh").toString(),
        dir.toString()));
    command.addAll(names);
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "tls"), 4);
    data = cluster.generateData(4, 300);
    keys = cluster.dir().resolve("keys");
    strangers = cluster.dir().resolve("other-ca");
    List<String> names = new ArrayList<>(List.of("supernode", "client"));
    cluster.nodePorts().forEach(p -> names.add("node-" + p));
    makeKeys(keys, names);
    makeKeys(strangers, List.of("client", "node-" + cluster.nodePorts().get(3)));
    cluster.startSupernode(tls(keys, "supernode").toArray(String[]::new));
    for (int port : cluster.nodePorts().subList(0, 3)) {
      cluster.startNode(port, data.resolve("letters"), tls(keys, "node-" + port).toArray(String[]::new));
    }
  }

  @AfterAll
  static void stopCluster() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  private int client(String name, Path keyDir) throws Exception {
    List<String> args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(cluster.supernodePort()), "--data-dir",
        data.resolve("letters").toString(), "--validate", data.resolve("validate_letters.txt").toString()));
    args.addAll(tls(keyDir, "client"));
    return cluster.run(name, "client", Duration.ofSeconds(120), args.toArray(String[]::new));
  }

  @Test
  void aClientWithAKeyOfTheClustersCaTrainsAndValidates() throws Exception {
    int exit = client("client-tls", keys);

    assertThat(exit).as(cluster.log("client-tls")).isZero();
    assertThat(cluster.log("client-tls")).contains("Collected 4 of 4 results").contains("Final validation error: ");
    assertThat(cluster.log("node-" + cluster.nodePorts().get(0))).contains("TLS with");
  }

  private static RpcSettings settings(String party) throws Exception {
    char[] password = Files.readString(keys.resolve("password")).trim().toCharArray();
    return RpcSettings.DEFAULTS.withTls(Optional.of(Tls.load(keys.resolve(party + ".p12"),
        keys.resolve("truststore.p12"), password)));
  }

  @Test
  void theClientsKeyIsRefusedRingInternalCallsWithAReason() throws Exception {
    int port = cluster.nodePorts().get(0);
    RpcSettings client = settings("client");
    NodeRef self = Rpc.computeNode("127.0.0.1", port, client, c -> c.ping());
    JobKey key = new JobKey("planted-run", 2, "letters_0.txt");
    Model planted = new Model(List.of(List.of(50.0)), List.of(List.of(50.0)), 0.0, "done");
    Map<String, Rpc.Call<ComputeNode.Client, Object>> calls = new LinkedHashMap<>();
    calls.put("store_replica", c -> {
      c.store_replica(key, planted, null);
      return null;
    });
    calls.put("take_over", c -> {
      c.take_over(List.of(new Handoff("letters_0.txt")));
      return null;
    });
    calls.put("notify", c -> {
      c.notify(new NodeRef(self.getId() == 0 ? 1 : self.getId() - 1, "127.0.0.1", 6999));
      return null;
    });
    calls.put("leaving", c -> {
      c.leaving(new Leaving(self, List.of()));
      return null;
    });

    calls.forEach((method, call) -> assertThatThrownBy(() -> Rpc.computeNode("127.0.0.1", port, client, call))
        .as(method).isInstanceOfSatisfying(RemoteException.class, e -> {
          assertThat(e.kind()).isEqualTo(RemoteException.Kind.REFUSED);
          assertThat(e).hasMessageContaining(method + " is refused to a client certificate: it is for node certificates");
        }));
    assertThat(cluster.log("node-" + port)).contains("store_replica is refused to a client certificate");
  }

  @Test
  void aNodesKeyCannotJoinAsAnotherNode() throws Exception {
    int member = cluster.nodePorts().get(0);
    int other = cluster.nodePorts().get(3);

    JoinResponse answer = Rpc.supernode("127.0.0.1", cluster.supernodePort(), settings("node-" + member),
        c -> c.request_join(other));

    assertThat(answer.getId()).isEqualTo(supernodeConstants.JOIN_REFUSED);
    assertThat(answer.getReason()).isEqualTo("request_join about the node at 127.0.0.1:" + other
        + " is refused to the node 127.0.0.1:" + member + " certificate: only that node itself may make it");
  }

  @Test
  void aNodeStartedWithAnotherNodesKeyIsRefusedByTheSupernode() throws Exception {
    int port = cluster.nodePorts().get(3);
    List<String> args = new ArrayList<>(List.of(String.valueOf(port), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--bind",
        "127.0.0.1"));
    args.addAll(tls(keys, "node-" + cluster.nodePorts().get(1)));

    int exit = cluster.run("node-impostor", "computenode", Duration.ofSeconds(60), args.toArray(String[]::new));

    assertThat(exit).as(cluster.log("node-impostor")).isEqualTo(1);
    assertThat(cluster.log("node-impostor")).contains("refused", "only that node itself may make it");
  }

  @Test
  void aPlainClientIsRefused() {
    int port = cluster.nodePorts().get(0);

    assertThatThrownBy(() -> Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> c.ping()))
        .isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNREACHABLE));
    assertThatThrownBy(() -> Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_bits())).isInstanceOfSatisfying(RemoteException.class,
            e -> assertThat(e.kind()).isEqualTo(RemoteException.Kind.UNREACHABLE));
  }

  @Test
  void aClientWithAKeyFromAnotherCaIsRefused() throws Exception {
    int exit = client("client-stranger", strangers);

    assertThat(exit).isEqualTo(1);
    assertThat(cluster.log("client-stranger")).contains("error: ").doesNotContain("Final validation error");
  }

  @Test
  void aNodeWithAKeyFromAnotherCaCannotJoin() throws Exception {
    int port = cluster.nodePorts().get(3);
    List<String> args = new ArrayList<>(List.of(String.valueOf(port), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", data.resolve("letters").toString(), "--bind",
        "127.0.0.1"));
    args.addAll(tls(strangers, "node-" + port));

    int exit = cluster.run("node-stranger", "computenode", Duration.ofSeconds(60), args.toArray(String[]::new));

    assertThat(exit).isEqualTo(1);
    assertThat(cluster.log("node-stranger")).contains("cannot use the supernode")
        .doesNotContain("waiting for the supernode");
  }
}
