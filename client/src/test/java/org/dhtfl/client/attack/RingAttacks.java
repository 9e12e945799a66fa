package org.dhtfl.client.attack;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.dhtfl.it.LocalCluster;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/**
 * Attacks by a local process, or by an admitted member, on who is in the ring and where its
 * pointers lead: the supernode's join slot, a member's ID, the pointers nodes learn from each
 * other, the copies of results, and the shares of a node's work. Each returns why it was not
 * held, or empty.
 */
final class RingAttacks {

  private RingAttacks() {
  }

  /**
   * A local process asks the supernode every 50 ms to admit the third listed port, and never
   * confirms; meanwhile the real node of that port and the node of the fourth port start. Both
   * must be in the ring within two join leases (the supernode's default lease is 10 s).
   */
  static Optional<String> joinSquatter(LocalCluster cluster) throws Exception {
    int squatted = cluster.nodePorts().get(2);
    int other = cluster.nodePorts().get(3);
    AtomicBoolean stop = new AtomicBoolean();
    AtomicInteger admittedToSquatter = new AtomicInteger();
    Thread squatter = new Thread(() -> {
      while (!stop.get()) {
        try {
          int id = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
              c -> c.join_ring(squatted)).getId();
          if (id >= 0) {
            admittedToSquatter.incrementAndGet();
          }
          TimeUnit.MILLISECONDS.sleep(50);
        } catch (RemoteException e) {
          // The supernode refused the call: keep asking.
        } catch (InterruptedException e) {
          return;
        }
      }
    }, "join-squatter");
    squatter.setDaemon(true);
    squatter.start();
    try {
      TimeUnit.SECONDS.sleep(1);
      long started = System.nanoTime();
      for (int port : List.of(squatted, other)) {
        cluster.startNodeNoWait(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
      }
      long deadline = started + Duration.ofSeconds(25).toNanos();
      List<Integer> waiting = new ArrayList<>(List.of(squatted, other));
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        waiting.removeIf(port -> cluster.log("node-" + port).contains("running on port"));
        TimeUnit.MILLISECONDS.sleep(100);
      }
      if (waiting.isEmpty()) {
        return Optional.empty();
      }
      return Optional.of("with a local process asking to join as port " + squatted + " every 50 ms (admitted "
          + admittedToSquatter.get() + " times), nodes " + waiting + " were not in the ring 25 s after they "
          + "started; the last answer: " + lastBusy(cluster.log("node-" + waiting.get(0))));
    } finally {
      stop.set(true);
      squatter.interrupt();
      squatter.join(5_000);
    }
  }

  /**
   * A local process on the members' host (in plain mode, a member's heartbeat comes from any caller
   * there) renews the first node under a free ID: were it taken, the supernode would hand out the
   * node under an ID of the attacker's choosing, in front of keys it does not own.
   */
  static Optional<String> renewToAnyId(LocalCluster cluster) throws Exception {
    int port = cluster.nodePorts().get(0);
    List<org.dhtfl.thrift.NodeRef> before = members(cluster);
    Set<Integer> taken = new HashSet<>();
    before.forEach(n -> taken.add(n.getId()));
    int free = IntStream.range(0, 64).filter(id -> !taken.contains(id)).findFirst().orElseThrow();
    org.dhtfl.thrift.NodeRef moved = new org.dhtfl.thrift.NodeRef(free, "127.0.0.1", port);
    String answer;
    try {
      answer = "renewed, next heartbeat in " + Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
          c -> c.renew(moved)) + " ms";
    } catch (RemoteException e) {
      answer = "refused: " + e.getMessage();
    }
    List<org.dhtfl.thrift.NodeRef> after = members(cluster);
    boolean listedUnderNewId = after.stream().anyMatch(n -> n.getId() == free && n.getPort() == port);
    return listedUnderNewId
        ? Optional.of("the supernode now lists the node of port " + port + " as " + free + " (" + answer + "); members "
            + ids(before) + " became " + ids(after))
        : Optional.empty();
  }

  private static List<org.dhtfl.thrift.NodeRef> members(LocalCluster cluster) throws RemoteException {
    return Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.get_members());
  }

  private static List<Integer> ids(List<org.dhtfl.thrift.NodeRef> nodes) {
    return nodes.stream().map(org.dhtfl.thrift.NodeRef::getId).toList();
  }

  private static String lastBusy(String log) {
    int at = log.lastIndexOf("the supernode is busy (");
    if (at < 0) {
      return "none";
    }
    int end = log.indexOf(')', at);
    return log.substring(at + "the supernode is busy (".length(), end < 0 ? log.length() : end);
  }
}
