package org.dhtfl.systest.attack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.Thrift;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The declared-size flood against a node with a 256 MB heap (LocalCluster's): 64
 * connections, each a binary-protocol header that declares a 16,000,000-byte method name and then
 * sends two bytes of it. libthrift would allocate every declared name at once (1 GB); the node
 * charges each to its budget of bytes in flight first and refuses what does not fit, so it logs
 * no OutOfMemoryError, stays in the ring and answers.
 */
class DeclaredSizeFloodIT {

  private static final int CONNECTIONS = 64;
  private static final int DECLARED = 16_000_000;

  private LocalCluster cluster;
  private final List<Socket> sockets = new ArrayList<>();

  @AfterEach
  void stop() throws Exception {
    for (Socket s : sockets) {
      s.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void sixtyFourDeclaredSixteenMegabyteNamesDoNotExhaustANodesHeap() throws Exception {
    cluster = LocalCluster.onFreePorts(Path.of("target", "it", "declared-size-flood"), 3);
    cluster.startSupernode();
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
    }
    int target = cluster.nodePorts().get(1);
    Awaitility.await("a ring of three").atMost(LocalCluster.READY).until(() -> ringSize(target) == 3);

    for (int i = 0; i < CONNECTIONS; i++) {
      Socket socket = new Socket("127.0.0.1", target);
      sockets.add(socket);
      DataOutputStream out = new DataOutputStream(socket.getOutputStream());
      out.writeInt(0x80010001);   // strict binary protocol, version 1, message type call
      out.writeInt(DECLARED);     // the method name's declared length
      out.write(new byte[] {'a', 'b'});
      out.flush();
    }
    // The node meets the headers while the connections stay open, refuses what its budget cannot
    // hold, and must still answer.
    Awaitility.await("the node refuses declared lengths").atMost(LocalCluster.READY)
        .until(() -> cluster.log("node-" + target).contains("is refused"));
    Awaitility.await("the node answers during the flood").atMost(LocalCluster.READY)
        .until(() -> ringSize(target) == 3);
    assertThat(cluster.log("node-" + target)).doesNotContain("OutOfMemoryError");
    for (Socket s : sockets) {
      s.close();
    }
    sockets.clear();
    Awaitility.await("the ring keeps three members").atMost(LocalCluster.READY)
        .until(() -> ringSize(cluster.nodePorts().get(0)) == 3 && ringSize(target) == 3);
    assertThat(cluster.log("node-" + target)).doesNotContain("OutOfMemoryError");
  }

  private static int ringSize(int port) {
    try {
      return Thrift.ringWalkSize(port);
    } catch (Exception e) {
      return -1;
    }
  }
}
