package org.dhtfl.systest.tools.attack;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;

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

  /**
   * A member that lies: a local process admitted for the fourth listed port (in plain mode the
   * supernode cannot tell it from the node of that port) serves a node that names, as its
   * predecessor and only successor, a node the supernode never admitted, and offers itself to the
   * ring with notify. The node before it adopts it as successor by stabilisation and pulls its
   * neighbours: were they believed, the stranger would be in that node's successor list.
   */
  static Optional<String> pointerFromNonMember(LocalCluster cluster) throws Exception {
    int port = cluster.nodePorts().get(3);
    org.dhtfl.thrift.JoinResponse admitted = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.join_ring(port));
    if (admitted.getId() < 0) {
      return Optional.of("the attack could not run: the supernode answered " + admitted.getReason());
    }
    org.dhtfl.thrift.NodeRef self = new org.dhtfl.thrift.NodeRef(admitted.getId(), "127.0.0.1", port);
    org.dhtfl.thrift.NodeRef stranger = new org.dhtfl.thrift.NodeRef((admitted.getId() + 63) % 64, "127.0.0.1",
        LocalCluster.freePorts(1).get(0));
    org.dhtfl.thrift.Neighbours lie = new org.dhtfl.thrift.Neighbours(self, List.of(stranger));
    lie.setPredecessor(stranger);
    ComputeNode.Iface handler = (ComputeNode.Iface) Proxy.newProxyInstance(RingAttacks.class.getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> switch (method.getName()) {
          case "ping" -> self;
          case "get_neighbours" -> lie;
          case "notify", "update_finger", "leaving" -> null;
          default -> throw new org.dhtfl.thrift.Unavailable("not here");
        });
    try (ThriftServer fake = ThriftServer.start("lying-member", new ComputeNode.Processor<>(handler),
        InetAddress.getLoopbackAddress(), port, RpcSettings.DEFAULTS)) {
      Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.confirm_join(self.getId()));
      List<org.dhtfl.thrift.NodeRef> real = members(cluster).stream().filter(n -> n.getPort() != port).toList();
      org.dhtfl.thrift.NodeRef next = real.stream()
          .min(Comparator.comparingInt(n -> Math.floorMod(n.getId() - self.getId(), 64))).orElseThrow();
      org.dhtfl.thrift.NodeRef before = real.stream()
          .min(Comparator.comparingInt(n -> Math.floorMod(self.getId() - n.getId(), 64))).orElseThrow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      boolean adopted = false;
      while (System.nanoTime() < deadline) {
        Rpc.computeNode("127.0.0.1", next.getPort(), RpcSettings.DEFAULTS, c -> {
          c.notify(self);
          return null;
        });
        org.dhtfl.thrift.RingState state = Rpc.computeNode("127.0.0.1", before.getPort(), RpcSettings.DEFAULTS,
            c -> c.get_ring_state());
        adopted |= state.getSuccessors().stream().anyMatch(n -> n.getPort() == port);
        boolean believed = state.getSuccessors().stream().anyMatch(n -> n.getPort() == stranger.getPort())
            || (state.isSetPredecessor() && state.getPredecessor().getPort() == stranger.getPort());
        if (believed) {
          return Optional.of("node " + before.getId() + " took the stranger " + stranger.getId() + "@127.0.0.1:"
              + stranger.getPort() + " from the lying member " + self.getId() + " into its successors "
              + state.getSuccessors().stream().map(org.dhtfl.thrift.NodeRef::getId).toList());
        }
        TimeUnit.MILLISECONDS.sleep(200);
      }
      return adopted ? Optional.empty()
          : Optional.of("the attack could not run: node " + before.getId() + " never took the lying member "
              + self.getId() + " as successor");
    }
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
