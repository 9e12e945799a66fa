package org.dhtfl.systest.tools.attack;

import java.io.DataOutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.systest.attack.ForgedResults;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * scripts/attack.sh: runs the attacks on live processes on this machine, each on
 * a cluster of its own (a supernode and three nodes with 256 MB heaps, on free ports), and prints a
 * line per attack, {@code NAME: held} or {@code NAME: broken (what happened)}, then
 * {@code attacks: N, held: N}. Exits 0 when every attack was held.
 */
@Command(name = "attack", mixinStandardHelpOptions = true,
    description = "Runs attacks against live dhtfl processes and says which the system held.")
public final class AttackMain implements Callable<Integer> {

  @Option(names = "--dir", description = "Folder for the clusters' logs (default: ${DEFAULT-VALUE}).")
  Path dir = Path.of("runs", "attack");

  @Option(names = "--only", split = ",", description = "Run only these attacks (names as printed).")
  List<String> only = List.of();

  /** One attack: what it does, and why it was not held (empty when it was). */
  @FunctionalInterface
  interface Attack {
    Optional<String> run(LocalCluster cluster) throws Exception;
  }

  /** An attack and its cluster: admitted node ports, of which the first {@code started} run. */
  private record Setup(int nodes, int started, Attack attack) {
  }

  private final Path project = Path.of(System.getProperty("basedir", "system-tests")).toAbsolutePath().getParent();

  public static void main(String[] args) {
    System.exit(new CommandLine(new AttackMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    Map<String, Setup> attacks = new LinkedHashMap<>();
    attacks.put("declared-size-flood", new Setup(3, 3, this::declaredSizeFlood));
    attacks.put("idle-connections", new Setup(3, 3, this::idleConnections));
    attacks.put("idle-connections-during-run", new Setup(3, 3, this::idleConnectionsDuringRun));
    attacks.put("planted-results", new Setup(3, 3, this::plantedResults));
    attacks.put("planted-jobs", new Setup(3, 3, RunAttacks::plantedJobs));
    attacks.put("pointer-injection", new Setup(3, 3, this::pointerInjection));
    attacks.put("supernode-restart", new Setup(4, 3, c -> supernodeRestart(c, false)));
    attacks.put("supernode-restart-lost-file", new Setup(4, 3, c -> supernodeRestart(c, true)));
    attacks.put("metrics-on-every-interface", new Setup(1, 0, SocketAttacks::metricsOnEveryInterface));
    attacks.put("page-for-another-domain", new Setup(1, 1, SocketAttacks::pageForAnotherDomain));
    attacks.put("watch-fan-out", new Setup(3, 3, SocketAttacks::watchFanOut));
    attacks.put("watch-malformed-state", new Setup(1, 1, SocketAttacks::watchMalformedState));
    attacks.put("tls-handshake-drip", new Setup(3, 0, c -> SocketAttacks.handshakeDrip(c, c.dir().resolve("keys"))));
    attacks.put("element-flood", new Setup(3, 3, MemoryAttacks::elementFlood));
    attacks.put("budget-kept-full", new Setup(3, 3, MemoryAttacks::budgetKeptFull));
    attacks.put("join-squatter", new Setup(4, 2, RingAttacks::joinSquatter));
    attacks.put("renew-to-any-id", new Setup(3, 3, RingAttacks::renewToAnyId));
    attacks.put("pointer-from-non-member", new Setup(4, 3, RingAttacks::pointerFromNonMember));
    attacks.put("held-without-secret", new Setup(3, 3, ReadAttacks::heldWithoutSecret));
    attacks.put("queue-hog", new Setup(3, 3, ShareAttacks::queueHog));
    attacks.put("query-hog", new Setup(3, 3, ShareAttacks::queryHog));
    attacks.put("replica-overwrite", new Setup(4, 3, LandedAttacks::replicaOverwrite));
    attacks.put("weight-change-1e6", new Setup(9, 3, LandedChangeAttacks::weightChange));
    attacks.put("cost-at-submit", new Setup(3, 3, LandedAttacks::costAtSubmit));
    attacks.put("compact-rows-bomb", new Setup(3, 3, LandedAttacks::compactRowsBomb));
    attacks.put("query-bound", new Setup(3, 3, LandedQueryAttacks::queryBound));
    attacks.put("membership-write-storm", new Setup(11, 3, LandedSupernodeAttacks::membershipWriteStorm));
    attacks.put("key-file-modes", new Setup(1, 0, LandedSupernodeAttacks::keyFileModes));
    int run = 0;
    int held = 0;
    for (Map.Entry<String, Setup> attack : attacks.entrySet()) {
      if (!only.isEmpty() && !only.contains(attack.getKey())) {
        continue;
      }
      run++;
      Optional<String> broken;
      Setup setup = attack.getValue();
      long started = System.nanoTime();
      try (LocalCluster cluster = LocalCluster.onFreePorts(dir.resolve(attack.getKey()), setup.nodes())) {
        cluster.startSupernode();
        for (int port : cluster.nodePorts().subList(0, setup.started())) {
          cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)));
        }
        broken = setup.attack().run(cluster);
      } catch (Exception e) {
        broken = Optional.of("the attack could not run: " + e);
      }
      if (broken.isEmpty()) {
        held++;
        System.out.println(attack.getKey() + ": held");
      } else {
        System.out.println(attack.getKey() + ": broken (" + broken.get() + ")");
      }
      System.out.printf("  (%s took %d s, its cluster's start and stop included)%n", attack.getKey(),
          TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
      System.out.flush();
    }
    System.out.println("attacks: " + run + ", held: " + held);
    return held == run ? 0 : 1;
  }

  /** 64 connections, each declaring a 16,000,000-byte method name and sending two bytes of it. */
  private Optional<String> declaredSizeFlood(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(1);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket("127.0.0.1", target);
        sockets.add(socket);
        DataOutputStream out = new DataOutputStream(socket.getOutputStream());
        out.writeInt(0x80010001);
        out.writeInt(16_000_000);
        out.write(new byte[] {'a', 'b'});
        out.flush();
      }
      TimeUnit.SECONDS.sleep(3);
      int members = ringSize(cluster.nodePorts().get(0));
      String log = cluster.log("node-" + target);
      if (log.contains("OutOfMemoryError")) {
        return Optional.of("the node logged OutOfMemoryError");
      }
      if (members != 3) {
        return Optional.of("the ring has " + members + " members during the flood");
      }
      return Optional.empty();
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /** 70 silent connections held to one node for 20 s, while the ring is walked every half second. */
  private Optional<String> idleConnections(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(1);
    List<Socket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < 70; i++) {
        sockets.add(new Socket("127.0.0.1", target));
      }
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      int fewest = 3;
      int walks = 0;
      int unanswered = 0;
      while (System.nanoTime() < end) {
        int size = ringSize(cluster.nodePorts().get(0));
        walks++;
        if (size == 0) {
          unanswered++;
        } else {
          fewest = Math.min(fewest, size);
        }
        TimeUnit.MILLISECONDS.sleep(500);
      }
      if (fewest != 3) {
        return Optional.of("a ring walk from the first node found " + fewest + " members while the connections "
            + "were held: a node left the ring");
      }
      System.out.println("  (" + unanswered + " of " + walks + " ring walks met a node too busy to answer)");
      return Optional.empty();
    } finally {
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /**
   * 64 connections held open to one node (opened again whenever the node closes one) during a
   * ten-round run: the run must complete and no node leave the ring.
   */
  private Optional<String> idleConnectionsDuringRun(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(1);
    java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.atomic.AtomicInteger opened = new java.util.concurrent.atomic.AtomicInteger();
    Thread holder = new Thread(() -> {
      List<Socket> held = new ArrayList<>();
      try {
        while (running.get()) {
          held.removeIf(s -> {
            try {
              s.setSoTimeout(1);
              return s.getInputStream().read() < 0;
            } catch (java.net.SocketTimeoutException e) {
              return false;
            } catch (java.io.IOException e) {
              return true;
            }
          });
          while (held.size() < 64) {
            held.add(new Socket("127.0.0.1", target));
            opened.incrementAndGet();
          }
          TimeUnit.MILLISECONDS.sleep(100);
        }
      } catch (Exception e) {
        // The holder stops; the run decides.
      } finally {
        for (Socket s : held) {
          try {
            s.close();
          } catch (java.io.IOException ignored) {
            // Closing.
          }
        }
      }
    }, "connection-holder");
    holder.start();
    int fewest = 3;
    try {
      Process client = cluster.start("client", LocalCluster.jar("client"), cluster.clientRun("run", 12, 10));
      while (!client.waitFor(500, TimeUnit.MILLISECONDS)) {
        int size = ringSize(cluster.nodePorts().get(0));
        if (size > 0) {
          fewest = Math.min(fewest, size);
        }
      }
      if (client.exitValue() != 0) {
        return Optional.of("the run failed: " + lastLine(cluster.log("client")));
      }
    } finally {
      running.set(false);
      holder.join(5_000);
    }
    System.out.println("  (" + opened.get() + " connections opened to keep 64 held)");
    return fewest == 3 ? Optional.empty() : Optional.of("a ring walk found " + fewest + " members during the run");
  }

  private static String lastLine(String log) {
    String[] lines = log.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }

  /**
   * During a three-round run, store_replica and take_over of a "done" result (every weight change
   * 50.0) for every file of rounds 2 and 3 on every node; the run must end with the error of a run
   * without the attack.
   */
  private Optional<String> plantedResults(LocalCluster cluster) throws Exception {
    String faultless = finalError(cluster, "faultless", null);
    String attacked = finalError(cluster, "attacked", this::plant);
    return faultless.equals(attacked) ? Optional.empty()
        : Optional.of("the final error is " + attacked + " where the faultless run gives " + faultless);
  }

  @FunctionalInterface
  private interface DuringRun {
    void accept(LocalCluster cluster, String runId) throws Exception;
  }

  private String finalError(LocalCluster cluster, String name, DuringRun during) throws Exception {
    Process client = cluster.start(name, LocalCluster.jar("client"), cluster.clientRun(name, 12, 3));
    if (during != null) {
      cluster.awaitLog(name, "Run run-");
      Matcher run = Pattern.compile("^Run (run-\\S+):", Pattern.MULTILINE).matcher(cluster.log(name));
      if (run.find()) {
        during.accept(cluster, run.group(1));
      }
    }
    if (!client.waitFor(240, TimeUnit.SECONDS)) {
      return "no end within 240 s";
    }
    String log = cluster.log(name);
    int at = log.lastIndexOf("Final validation error: ");
    return at < 0 ? "no final error (exit " + client.exitValue() + ")" : log.substring(at, log.indexOf('\n', at));
  }

  private void plant(LocalCluster cluster, String runId) throws Exception {
    // A node that refuses a call has held already; the run's error tells whether any planted result counted.
    ForgedResults.plant(cluster.nodePorts(), runId,
        ForgedResults.firstFiles(project.resolve("data").resolve("letters"), 12), 2, 3);
  }

  /**
   * A local process that the supernode never admitted offers itself to a node as predecessor
   * (notify), as finger (update_finger) and as the successor a leaving neighbour names (leaving):
   * were it believed, it would own keys and be sent their files.
   */
  private Optional<String> pointerInjection(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(0);
    RingState before = state(target);
    int fakeId = (before.self().id() + 63) % 64;
    org.dhtfl.thrift.NodeRef fake = new org.dhtfl.thrift.NodeRef(fakeId, "127.0.0.1", 1);
    List<String> believed = new ArrayList<>();
    try {
      Rpc.computeNode("127.0.0.1", target, RpcSettings.DEFAULTS, c -> {
        c.notify(fake);
        return null;
      });
      believed.add("notify");
    } catch (RemoteException e) {
      // Refused: held.
    }
    try {
      Rpc.computeNode("127.0.0.1", target, RpcSettings.DEFAULTS, c -> {
        c.update_finger(fake, 5);
        return null;
      });
      believed.add("update_finger");
    } catch (RemoteException e) {
      // Refused: held.
    }
    try {
      org.dhtfl.thrift.Leaving leaving = new org.dhtfl.thrift.Leaving(Convert.toThrift(before.successor()),
          List.of(fake));
      Rpc.computeNode("127.0.0.1", target, RpcSettings.DEFAULTS, c -> {
        c.leaving(leaving);
        return null;
      });
      believed.add("leaving");
    } catch (RemoteException e) {
      // Refused: held.
    }
    RingState after = state(target);
    NodeRef impostor = new NodeRef(fakeId, "127.0.0.1", 1);
    // The fake's address, not its ID: a real member may hold the same ID.
    boolean pointsAtFake = after.predecessor().map(impostor::sameAs).orElse(false)
        || after.successors().stream().anyMatch(impostor::sameAs)
        || after.fingers().stream().anyMatch(impostor::sameAs);
    if (pointsAtFake) {
      return Optional.of("node " + before.self().id() + " points at the fake node " + fakeId + " after "
          + String.join(", ", believed));
    }
    return believed.isEmpty() ? Optional.empty() : Optional.of("the node took " + String.join(", ", believed));
  }

  /**
   * kill -9 of the supernode and a restart with the same options (its membership file kept, or
   * deleted first), then the fourth listed node joins: one ring of four within 10 s.
   */
  private Optional<String> supernodeRestart(LocalCluster cluster, boolean loseFile) throws Exception {
    cluster.killSupernode();
    if (loseFile) {
      Files.deleteIfExists(cluster.supernodeState());
    }
    cluster.restartSupernode("supernode-restarted");
    int fourth = cluster.nodePorts().get(3);
    cluster.startNodeNoWait(fourth, Files.createDirectories(cluster.dir().resolve("host-" + fourth)));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    long started = System.nanoTime();
    while (System.nanoTime() < deadline) {
      boolean all = true;
      for (int port : cluster.nodePorts()) {
        all &= ringSize(port) == 4;
      }
      if (all) {
        return Optional.empty();
      }
      TimeUnit.MILLISECONDS.sleep(200);
    }
    return Optional.of("no single ring of four " + (System.nanoTime() - started) / 1_000_000 + " ms after the fourth "
        + "node started; a walk from it finds " + ringSize(fourth));
  }

  /** How the attacks read a node's ring state: plain, each call within 2 s. */
  private static final RpcSettings WALK = RpcSettings.DEFAULTS.withCallTimeoutMs(2_000);

  /** Members met walking successors from the node at port (0 when it does not answer). */
  static int ringSize(int port) {
    return ringSize(port, WALK);
  }

  /** As {@link #ringSize(int)}, with the given settings (TLS keys, time-outs). */
  static int ringSize(int port, RpcSettings settings) {
    try {
      RingState start = state(port, settings);
      int members = 1;
      RingState at = start;
      while (members < 64) {
        NodeRef next = at.successor();
        if (next.sameAs(start.self())) {
          return members;
        }
        at = state(next.port(), settings);
        members++;
      }
      return members;
    } catch (RemoteException e) {
      return 0;
    }
  }

  private static RingState state(int port) throws RemoteException {
    return state(port, WALK);
  }

  private static RingState state(int port, RpcSettings settings) throws RemoteException {
    org.dhtfl.thrift.RingState state = Rpc.computeNode("127.0.0.1", port, settings, c -> c.get_ring_state());
    return Convert.fromThrift(state);
  }

}
