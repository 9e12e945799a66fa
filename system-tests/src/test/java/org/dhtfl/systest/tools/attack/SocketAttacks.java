package org.dhtfl.systest.tools.attack;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.rpc.Tls;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.RingState;

/**
 * Attacks on the sockets a program opens or listens on besides the ring's: its metrics, the live
 * page, the page's reading of the ring, and its TLS handshakes. Each returns why it was not held,
 * or empty.
 */
final class SocketAttacks {

  private static final Duration WAIT = Duration.ofSeconds(60);

  private SocketAttacks() {
  }

  /**
   * A node started as a user starts one, with --metrics-port and no --bind: its metrics must not
   * answer on an address other than loopback's 127.0.0.1 (127.0.0.2 stands for every other
   * interface: it reaches a socket bound to all of them, and none bound to 127.0.0.1).
   */
  static Optional<String> metricsOnEveryInterface(LocalCluster cluster) throws Exception {
    int port = cluster.nodePorts().get(0);
    int metrics = LocalCluster.freePorts(1).get(0);
    cluster.start("node-" + port, LocalCluster.jar("computenode"), List.of(String.valueOf(port), "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--data-dir", Files.createDirectories(cluster.dir().resolve("host"))
            .toString(), "--no-warm-up", "--metrics-port", String.valueOf(metrics)));
    cluster.awaitLog("node-" + port, "running on port");
    if (!answers("127.0.0.1", metrics)) {
      return Optional.of("the attack could not run: no metrics on 127.0.0.1:" + metrics);
    }
    return answers("127.0.0.2", metrics)
        ? Optional.of("the node's metrics answer on 127.0.0.2:" + metrics + ", so on every interface")
        : Optional.empty();
  }

  private static boolean answers(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1_000);
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * A web page from another site whose domain was re-pointed at 127.0.0.1 (DNS rebinding) asks the
   * live page for the ring: the request reaches the port with that domain in its Host header.
   */
  static Optional<String> pageForAnotherDomain(LocalCluster cluster) throws Exception {
    int http = LocalCluster.freePorts(1).get(0);
    cluster.start("watch", LocalCluster.jar("client"), List.of("watch", "127.0.0.1",
        String.valueOf(cluster.supernodePort()), "--http", String.valueOf(http)));
    cluster.awaitLog("watch", "Watching the ring");
    String own = get(http, "/ring.json", "127.0.0.1:" + http);
    if (!own.startsWith("HTTP/1.1 200")) {
      return Optional.of("the attack could not run: the page answered its own host with " + firstLine(own));
    }
    String rebound = get(http, "/ring.json", "rebound.attacker.example:" + http);
    return rebound.startsWith("HTTP/1.1 200") && rebound.contains("\"members\"")
        ? Optional.of("the page gave the ring to a request for rebound.attacker.example")
        : Optional.empty();
  }

  private static String get(int port, String path, String host) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String firstLine(String text) {
    int end = text.indexOf('\r') < 0 ? text.indexOf('\n') : text.indexOf('\r');
    return end < 0 ? text : text.substring(0, end);
  }

  /**
   * A node that answers get_ring_state with 4,032 invented addresses (64 IDs on each of 63 ports
   * this attack listens on), given to the live page as its entry: how many connections the page
   * opens to them in one poll.
   */
  static Optional<String> watchFanOut(LocalCluster cluster) throws Exception {
    List<ServerSocket> listeners = new ArrayList<>();
    AtomicInteger connections = new AtomicInteger();
    ThriftServer fake = null;
    try {
      List<NodeRef> invented = new ArrayList<>();
      for (int i = 0; i < 63; i++) {
        ServerSocket listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        listeners.add(listener);
        Thread accept = new Thread(() -> {
          while (!listener.isClosed()) {
            try (Socket ignored = listener.accept()) {
              connections.incrementAndGet();
            } catch (IOException e) {
              return;
            }
          }
        }, "fan-out-" + listener.getLocalPort());
        accept.setDaemon(true);
        accept.start();
        for (int id = 0; id < 64; id++) {
          invented.add(new NodeRef(id, "127.0.0.1", listener.getLocalPort()));
        }
      }
      int fakePort = LocalCluster.freePorts(1).get(0);
      NodeRef self = new NodeRef(7, "127.0.0.1", fakePort);
      RingState state = new RingState(self, invented, invented.subList(0, 6), 6);
      fake = fakeNode(self, state);
      cluster.start("watch", LocalCluster.jar("client"), List.of("watch", "127.0.0.1",
          String.valueOf(cluster.supernodePort()), "--http", String.valueOf(LocalCluster.freePorts(1).get(0)),
          "--entry", "127.0.0.1:" + fakePort, "--interval-ms", "1000"));
      cluster.awaitLog("watch", "Watching the ring");
      // The first poll ran before the page was served; count over the next ten seconds.
      int before = connections.get();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < end && connections.get() - before < 4_000) {
        Thread.sleep(100);
      }
      int opened = connections.get() - before;
      System.out.println("  (" + opened + " connections to invented addresses in 10 s, " + before
          + " in the first poll)");
      // Ten polls of a ring of three members may each try the members' count and a spare of eight.
      return opened + before > 11 * 20 ? Optional.of(opened + before + " connections to addresses one node invented")
          : Optional.empty();
    } finally {
      if (fake != null) {
        fake.close();
      }
      for (ServerSocket listener : listeners) {
        listener.close();
      }
    }
  }

  /** A node at {@code self} that answers ping and get_ring_state with what it is given, and nothing else. */
  private static ThriftServer fakeNode(NodeRef self, RingState state) throws Exception {
    ComputeNode.Iface handler = (ComputeNode.Iface) Proxy.newProxyInstance(SocketAttacks.class.getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> switch (method.getName()) {
          case "ping" -> self;
          case "get_ring_state" -> state;
          default -> throw new org.dhtfl.thrift.Unavailable("not here");
        });
    return ThriftServer.start("fake-node", new ComputeNode.Processor<>(handler), InetAddress.getLoopbackAddress(),
        self.getPort(), RpcSettings.DEFAULTS);
  }

  /**
   * A node whose ring state names more fingers than the ring has bits, given to the live page as
   * its entry: the page must go on serving the ring.
   */
  static Optional<String> watchMalformedState(LocalCluster cluster) throws Exception {
    int fakePort = LocalCluster.freePorts(1).get(0);
    NodeRef self = new NodeRef(7, "127.0.0.1", fakePort);
    List<NodeRef> fingers = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      fingers.add(self);
    }
    try (ThriftServer fake = fakeNode(self, new RingState(self, List.of(self), fingers, 6))) {
      int http = LocalCluster.freePorts(1).get(0);
      Process watch = cluster.start("watch", LocalCluster.jar("client"), List.of("watch", "127.0.0.1",
          String.valueOf(cluster.supernodePort()), "--http", String.valueOf(http), "--entry", "127.0.0.1:" + fakePort,
          "--interval-ms", "500"));
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end && watch.isAlive() && !cluster.log("watch").contains("Watching the ring")) {
        Thread.sleep(100);
      }
      if (!watch.isAlive()) {
        return Optional.of("client watch exited " + watch.exitValue() + ": " + firstLine(cluster.log("watch")));
      }
      // A few polls later the page must still answer with the ring's members.
      Thread.sleep(2_000);
      String ring = get(http, "/ring.json", "127.0.0.1:" + http);
      return watch.isAlive() && ring.startsWith("HTTP/1.1 200") && ring.contains("\"members\"") ? Optional.empty()
          : Optional.of("the page stopped serving: " + firstLine(ring));
    }
  }

  /**
   * With TLS, a node is killed and a local process takes its port, sending a TLS handshake a byte
   * every half second: the dead node's neighbours must still drop it and close the ring.
   */
  static Optional<String> handshakeDrip(LocalCluster cluster, Path keys) throws Exception {
    List<String> names = new ArrayList<>(List.of("bash", LocalCluster.project().resolve("scripts/tls-keys.sh")
        .toString(), keys.toString(), "supernode", "client"));
    cluster.nodePorts().forEach(p -> names.add("node-" + p));
    if (cluster.runCommand("tls-keys", Duration.ofSeconds(120), names) != 0) {
      return Optional.of("the attack could not run: tls-keys.sh failed: " + cluster.log("tls-keys"));
    }
    cluster.stopSupernode();
    cluster.startSupernode(tls(keys, "supernode"));
    for (int port : cluster.nodePorts()) {
      cluster.startNode(port, Files.createDirectories(cluster.dir().resolve("host-" + port)), tls(keys, "node-" + port));
    }
    char[] password = Files.readString(keys.resolve("password")).trim().toCharArray();
    RpcSettings client = RpcSettings.DEFAULTS.withTls(Optional.of(Tls.load(keys.resolve("client.p12"),
        keys.resolve("truststore.p12"), password))).withCallTimeoutMs(2_000);
    int first = cluster.nodePorts().get(0);
    int victim = cluster.nodePorts().get(2);
    if (!awaitRing(first, client, 3, WAIT)) {
      return Optional.of("the attack could not run: no ring of three with TLS");
    }
    cluster.kill(victim);
    try (ServerSocket squatter = new ServerSocket()) {
      squatter.setReuseAddress(true);
      squatter.bind(new InetSocketAddress("127.0.0.1", victim), 200);
      Thread drip = new Thread(() -> {
        while (!squatter.isClosed()) {
          try {
            Socket peer = squatter.accept();
            Thread one = new Thread(() -> dripInto(peer), "drip");
            one.setDaemon(true);
            one.start();
          } catch (IOException e) {
            return;
          }
        }
      }, "squatter");
      drip.setDaemon(true);
      drip.start();
      long started = System.nanoTime();
      boolean closed = awaitRing(first, client, 2, WAIT);
      long ms = (System.nanoTime() - started) / 1_000_000;
      System.out.println("  (ring of two " + (closed ? ms + " ms after the port was taken" : "not within 60 s") + ")");
      return closed ? Optional.empty()
          : Optional.of("60 s after a dripping listener took a dead node's port the ring still holds it");
    }
  }

  private static String[] tls(Path keys, String name) {
    return new String[] {"--tls-keystore", keys.resolve(name + ".p12").toString(), "--tls-truststore",
        keys.resolve("truststore.p12").toString(), "--tls-password-file", keys.resolve("password").toString()};
  }

  private static void dripInto(Socket peer) {
    try (peer) {
      // A TLS handshake record's type and version, then one byte every half second.
      for (int i = 0; i < 600; i++) {
        peer.getOutputStream().write(i == 0 ? 0x16 : 0x03);
        peer.getOutputStream().flush();
        Thread.sleep(500);
      }
    } catch (IOException | InterruptedException e) {
      // The caller gave up.
    }
  }

  /** Whether a successor walk from the node reaches exactly {@code size} members within the wait. */
  private static boolean awaitRing(int port, RpcSettings settings, int size, Duration wait) throws InterruptedException {
    long end = System.nanoTime() + wait.toNanos();
    while (System.nanoTime() < end) {
      if (AttackMain.ringSize(port, settings) == size) {
        return true;
      }
      Thread.sleep(250);
    }
    return false;
  }
}
