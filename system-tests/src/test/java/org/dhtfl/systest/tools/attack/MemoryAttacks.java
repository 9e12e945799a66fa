package org.dhtfl.systest.tools.attack;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Attacks on a node's memory: messages that cost far more on the heap than on the wire, and a
 * budget of bytes in flight kept full. Each returns why it was not held, or empty.
 */
final class MemoryAttacks {

  private static final int STRICT_CALL = 0x80010001;
  private static final byte LIST = 15;
  private static final byte STRUCT = 12;

  private MemoryAttacks() {
  }

  /**
   * 64 connections to one node, each sending 1 MB of a {@code take_over} whose list declares
   * 10^6 empty structs (one byte each on the wire, tens of bytes each on the heap) and keeping the
   * message open. Broken when the node logs an OutOfMemoryError, or the ring loses it, or it stops
   * answering.
   */
  static Optional<String> elementFlood(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(1);
    int elements = 1_000_000;
    List<Socket> sockets = new ArrayList<>();
    ExecutorService senders = Executors.newFixedThreadPool(64);
    try {
      List<Future<?>> sent = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        Socket socket = new Socket("127.0.0.1", target);
        sockets.add(socket);
        sent.add(senders.submit(() -> {
          DataOutputStream out = new DataOutputStream(socket.getOutputStream());
          writeCallHeader(out, "take_over");
          out.writeByte(LIST);
          out.writeShort(1);
          out.writeByte(STRUCT);
          out.writeInt(elements);
          out.write(new byte[elements]);   // each a STOP byte: an empty struct
          out.flush();
          return null;
        }));
      }
      for (Future<?> f : sent) {
        try {
          f.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          // The node closed the connection: it refused the message.
        }
      }
      return afterwards(cluster, target, Duration.ofSeconds(20));
    } finally {
      senders.shutdownNow();
      for (Socket s : sockets) {
        s.close();
      }
    }
  }

  /**
   * For about 45 s, 48 connections to one node each declare a method name as long as the node
   * will take (halving the length whenever the node refuses it) and never send it, so the node's
   * budget of bytes in flight stays full; then they stop. Broken when the ring walked from some
   * node is not whole meanwhile (walked every 2 s) or a minute later.
   */
  static Optional<String> budgetKeptFull(LocalCluster cluster) throws Exception {
    int target = cluster.nodePorts().get(1);
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(45);
    AtomicLong held = new AtomicLong();
    ExecutorService squatters = Executors.newFixedThreadPool(48);
    List<Future<?>> running = new ArrayList<>();
    for (int i = 0; i < 48; i++) {
      running.add(squatters.submit(() -> {
        int declared = 16_000_000;
        while (System.nanoTime() < end) {
          long opened = System.nanoTime();
          try (Socket socket = new Socket("127.0.0.1", target)) {
            DataOutputStream out = new DataOutputStream(socket.getOutputStream());
            out.writeInt(STRICT_CALL);
            out.writeInt(declared);
            out.writeByte('a');
            out.flush();
            held.incrementAndGet();
            waitForClose(socket, end);
          } catch (IOException e) {
            // Refused or reset: declare less next time.
          }
          if (System.nanoTime() - opened < TimeUnit.SECONDS.toNanos(1)) {
            declared = Math.max(16, declared / 2);
          }
        }
        return null;
      }));
    }
    int fewest = Integer.MAX_VALUE;
    while (System.nanoTime() < end) {
      for (int port : cluster.nodePorts()) {
        fewest = Math.min(fewest, AttackMain.ringSize(port));
      }
      TimeUnit.SECONDS.sleep(2);
    }
    for (Future<?> f : running) {
      f.get(90, TimeUnit.SECONDS);
    }
    squatters.shutdownNow();
    List<String> broken = new ArrayList<>();
    if (fewest != cluster.nodePorts().size()) {
      broken.add("while the budget was kept full a node walked a ring of " + fewest);
    }
    TimeUnit.SECONDS.sleep(60);
    for (int port : cluster.nodePorts()) {
      int members = AttackMain.ringSize(port);
      if (members != cluster.nodePorts().size()) {
        broken.add("a minute later node " + port + " walks a ring of " + members);
      }
    }
    if (cluster.log("node-" + target).contains("OutOfMemoryError")) {
      broken.add("the node logged OutOfMemoryError");
    }
    return broken.isEmpty() ? Optional.empty()
        : Optional.of(String.join("; ", broken) + " (" + held.get() + " declarations in 45 s)");
  }

  /** Whether the node logged an OutOfMemoryError or left the ring within {@code watch}. */
  private static Optional<String> afterwards(LocalCluster cluster, int target, Duration watch) throws Exception {
    long end = System.nanoTime() + watch.toNanos();
    int fewest = Integer.MAX_VALUE;
    while (System.nanoTime() < end) {
      fewest = Math.min(fewest, AttackMain.ringSize(cluster.nodePorts().get(0)));
      TimeUnit.MILLISECONDS.sleep(500);
    }
    String log = cluster.log("node-" + target);
    if (log.contains("OutOfMemoryError")) {
      return Optional.of("the node logged OutOfMemoryError; the ring then had " + ringSizes(cluster) + " members");
    }
    int members = AttackMain.ringSize(target);
    if (members != 3 || AttackMain.ringSize(cluster.nodePorts().get(0)) != 3) {
      return Optional.of("the ring walked from the node has " + members + " members, from another "
          + AttackMain.ringSize(cluster.nodePorts().get(0)));
    }
    return Optional.empty();
  }

  private static String ringSizes(LocalCluster cluster) {
    List<String> sizes = new ArrayList<>();
    for (int port : cluster.nodePorts()) {
      sizes.add(String.valueOf(AttackMain.ringSize(port)));
    }
    return String.join("/", sizes);
  }

  private static void writeCallHeader(DataOutputStream out, String method) throws IOException {
    byte[] name = method.getBytes(StandardCharsets.UTF_8);
    out.writeInt(STRICT_CALL);
    out.writeInt(name.length);
    out.write(name);
    out.writeInt(1);
  }

  /** Waits until the node closes the connection, or the attack's end. */
  private static void waitForClose(Socket socket, long end) throws IOException {
    socket.setSoTimeout(500);
    InputStream in = socket.getInputStream();
    while (System.nanoTime() < end) {
      try {
        if (in.read() < 0) {
          return;
        }
      } catch (SocketTimeoutException e) {
        // Still held open by the node.
      }
    }
  }
}
