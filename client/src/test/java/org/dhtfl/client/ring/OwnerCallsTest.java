package org.dhtfl.client.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dhtfl.client.rounds.Attempt;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One call per owner, the owners' calls side by side: over real Thrift servers that stand for three nodes. */
class OwnerCallsTest {
  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final int[] IDS = {10, 30, 50};

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    Collections.reverse(opened);
    for (AutoCloseable c : opened) {
      c.close();
    }
  }

  /**
   * A node whose put_files answers once every node has been called, or after 3 s: then it notes itself in
   * {@code waitedAlone}.
   */
  private NodeRef node(int id, CountDownLatch allCalled, List<String> received, List<Integer> waitedAlone)
      throws Exception {
    ComputeNode.Iface iface = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> {
          if (!method.getName().equals("put_files")) {
            return null;
          }
          @SuppressWarnings("unchecked")
          List<String> files = (List<String>) args[0];
          synchronized (received) {
            received.addAll(files);
          }
          allCalled.countDown();
          if (!allCalled.await(3, TimeUnit.SECONDS)) {
            synchronized (waitedAlone) {
              waitedAlone.add(id);
            }
          }
          return null;
        });
    ThriftServer server = ThriftServer.start("owner-" + id, new ComputeNode.Processor<>(iface), LOOPBACK, 0,
        RpcSettings.DEFAULTS);
    opened.add(server);
    return new NodeRef(id, LOOPBACK.getHostAddress(), server.port());
  }

  @Test
  void eachOwnerGetsItsFilesInOneCallWhileTheOthersGetTheirs() throws Exception {
    // Arrange: three owners, each of which holds its answer until all three have been called
    CountDownLatch allCalled = new CountDownLatch(IDS.length);
    List<String> received = new ArrayList<>();
    List<Integer> waitedAlone = new ArrayList<>();
    List<NodeRef> members = new ArrayList<>();
    for (int id : IDS) {
      members.add(node(id, allCalled, received, waitedAlone));
    }
    IdSpace space = new IdSpace(6);
    EntryNode entry = new EntryNode(members, RpcSettings.DEFAULTS);
    OwnerCache owners = new OwnerCache(entry, RpcSettings.DEFAULTS, space);
    opened.add(owners);
    opened.add(entry);
    List<String> files = new ArrayList<>();
    for (int i = 0; files.size() < 12; i++) {
      files.add("file" + i);
    }
    long owning = files.stream().map(owners::ownerOf).distinct().count();

    // Act
    List<Attempt<String>> attempts = OwnerCalls.perOwner(owners, files, f -> f, (c, chunk) -> {
      c.put_files(chunk);
      return Collections.nCopies(chunk.size(), "accepted");
    }, (f, wire) -> Optional.of(wire), f -> "alone", "answer to");

    // Assert: every file in its owner's call, and every owner called while the others were (one after
    // the other, the first owner would have waited alone until its 3 s were up)
    assertThat(owning).as("owners of the 12 files").isEqualTo(IDS.length);
    assertThat(received).containsExactlyInAnyOrderElementsOf(files);
    assertThat(waitedAlone).as("owners that waited alone").isEmpty();
    for (Attempt<String> attempt : attempts) {
      assertThat(attempt.get()).isEqualTo("accepted");
    }
  }
}
