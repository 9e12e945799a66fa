package org.dhtfl.systest.tools.attack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Attacks on the supernode's membership file and on the keys scripts/tls-keys.sh makes. Each
 * returns why it was not held, or empty.
 */
final class LandedSupernodeAttacks {

  private static final Duration STORM = Duration.ofSeconds(5);

  private LandedSupernodeAttacks() {
  }

  /**
   * A local process on the members' host drives a storm of membership changes for five seconds:
   * eight threads, each for a listed port no node serves, renew it as a member under a free ID (a
   * node the supernode does not know becomes a member again) and remove it with remove_join, over
   * and over. Meanwhile get_members, which waits for the membership like a join does, is timed, and
   * the membership file's replacements are counted. The changes must be written together, not one
   * write to disk each.
   */
  static Optional<String> membershipWriteStorm(LocalCluster cluster) throws Exception {
    List<Integer> ports = cluster.nodePorts().subList(3, cluster.nodePorts().size());
    Set<Integer> taken = new HashSet<>();
    members(cluster).forEach(n -> taken.add(n.getId()));
    List<Integer> free = IntStream.range(0, 64).filter(id -> !taken.contains(id)).limit(ports.size()).boxed().toList();
    Path file = cluster.supernodeState();
    AtomicInteger changes = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
    List<Thread> threads = new ArrayList<>();
    try (WatchService watch = FileSystems.getDefault().newWatchService()) {
      file.getParent().register(watch, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
      for (int i = 0; i < ports.size(); i++) {
        org.dhtfl.thrift.NodeRef node = new org.dhtfl.thrift.NodeRef(free.get(i), "127.0.0.1", ports.get(i));
        threads.add(new Thread(() -> storm(cluster, node, stop, changes), "membership-storm-" + node.getPort()));
      }
      threads.add(new Thread(() -> {
        while (!stop.get()) {
          long start = System.nanoTime();
          try {
            members(cluster);
            latencies.add(System.nanoTime() - start);
            TimeUnit.MILLISECONDS.sleep(20);
          } catch (RemoteException | InterruptedException e) {
            return;
          }
        }
      }, "membership-reader"));
      threads.forEach(Thread::start);
      int writes = 0;
      long end = System.nanoTime() + STORM.toNanos();
      while (System.nanoTime() < end) {
        writes += replacements(watch, file, end);
      }
      stop.set(true);
      for (Thread t : threads) {
        t.join(5_000);
      }
      List<Long> sorted = latencies.stream().sorted().toList();
      String figures = changes.get() + " membership changes in " + STORM.toSeconds() + " s, " + writes
          + " replacements of the membership file; get_members took " + millis(sorted, 0.5) + " ms (median), "
          + millis(sorted, 1.0) + " ms (longest) over " + sorted.size() + " calls";
      if (changes.get() < 100) {
        return Optional.of("the attack could not run: " + figures);
      }
      if (writes * 2 > changes.get()) {
        return Optional.of(figures + ": a write to disk for about every change");
      }
      System.out.println("  (" + figures + ")");
      return Optional.empty();
    }
  }

  /** Renews {@code node} as a member and removes it again until {@code stop}; counts the changes made. */
  private static void storm(LocalCluster cluster, org.dhtfl.thrift.NodeRef node, AtomicBoolean stop,
      AtomicInteger changes) {
    while (!stop.get()) {
      try {
        Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.renew(node));
        changes.incrementAndGet();
        Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> {
          c.remove_join(node.getId());
          return null;
        });
        changes.incrementAndGet();
      } catch (RemoteException e) {
        // Refused: the storm goes on with the next change.
      }
    }
  }

  /** The times the file was replaced (renamed over, or written) among the events seen until {@code end}. */
  private static int replacements(WatchService watch, Path file, long end) throws InterruptedException {
    WatchKey key = watch.poll(Math.max(1, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    if (key == null) {
      return 0;
    }
    int count = 0;
    for (WatchEvent<?> event : key.pollEvents()) {
      if (file.getFileName().equals(event.context())) {
        count++;
      }
    }
    key.reset();
    return count;
  }

  private static long millis(List<Long> sortedNanos, double quantile) {
    if (sortedNanos.isEmpty()) {
      return -1;
    }
    int at = (int) Math.min(sortedNanos.size() - 1, Math.floor(quantile * sortedNanos.size()));
    return TimeUnit.NANOSECONDS.toMillis(sortedNanos.get(at));
  }

  private static List<org.dhtfl.thrift.NodeRef> members(LocalCluster cluster) throws RemoteException {
    return Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.get_members());
  }

  /**
   * scripts/tls-keys.sh makes the keys of a supernode, a node and a client in a fresh folder while
   * a local user reads every process's command line every 20 ms: the CA's key must be in a folder
   * of its own under a password of its own, every file readable by its owner only, and no
   * password on a command line.
   */
  static Optional<String> keyFileModes(LocalCluster cluster) throws Exception {
    Path keys = cluster.dir().resolve("keys");
    Process script = new ProcessBuilder("bash", LocalCluster.project().resolve("scripts/tls-keys.sh").toString(),
        keys.toString(), "supernode", "node-5001", "client").redirectErrorStream(true)
        .redirectOutput(cluster.dir().resolve("tls-keys.log").toFile()).start();
    Set<String> commandLines = new HashSet<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
    while (script.isAlive() && System.nanoTime() < deadline) {
      commandLines.addAll(keytoolCommandLines());
      TimeUnit.MILLISECONDS.sleep(20);
    }
    if (!script.waitFor(1, TimeUnit.SECONDS) || script.exitValue() != 0) {
      script.destroyForcibly();
      return Optional.of("the attack could not run: tls-keys.sh failed: "
          + Files.readString(cluster.dir().resolve("tls-keys.log")));
    }
    List<String> found = new ArrayList<>();
    Path caKey = keys.resolve("ca").resolve("ca.p12");
    if (!Files.exists(caKey) || Files.exists(keys.resolve("ca.p12"))) {
      found.add("the CA's key is beside the parties' keys (" + keys.resolve("ca.p12").getFileName() + ")");
    }
    Path caPassword = keys.resolve("ca").resolve("password");
    List<String> passwords = new ArrayList<>(List.of(Files.readString(keys.resolve("password")).strip()));
    if (Files.exists(caPassword)) {
      passwords.add(Files.readString(caPassword).strip());
    }
    if (!Files.exists(caPassword) || passwords.get(0).equals(passwords.get(1))) {
      found.add("the CA's key is under the parties' password");
    }
    List<String> readable = readableByOthers(keys);
    if (!readable.isEmpty()) {
      found.add(readable.size() + " files readable by others (" + String.join(", ", readable.subList(0,
          Math.min(4, readable.size()))) + ")");
    }
    long shown = commandLines.stream().filter(line -> passwords.stream().anyMatch(line::contains)).count();
    if (shown > 0) {
      found.add(shown + " of " + commandLines.size() + " keytool command lines seen carry a password");
    }
    if (commandLines.isEmpty()) {
      return Optional.of("the attack could not run: no keytool command line was seen");
    }
    if (!found.isEmpty()) {
      return Optional.of(String.join("; ", found));
    }
    System.out.println("  (" + commandLines.size() + " keytool command lines seen, none with a password)");
    return Optional.empty();
  }

  /** The command lines of the keytool processes running now, as any local user reads them in /proc. */
  private static Set<String> keytoolCommandLines() throws IOException {
    Set<String> lines = new HashSet<>();
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
        try {
          String line = new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
              .replace('\0', ' ');
          if (line.contains("keytool") || line.contains("sun.security.tools.keytool")) {
            lines.add(line);
          }
        } catch (IOException e) {
          // The process ended meanwhile.
        }
      }
    }
    return lines;
  }

  /** The files and folders under dir that a user other than the owner may read, as paths relative to it. */
  private static List<String> readableByOthers(Path dir) throws IOException {
    Set<PosixFilePermission> others = Set.of(PosixFilePermission.GROUP_READ, PosixFilePermission.OTHERS_READ,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.OTHERS_WRITE);
    try (Stream<Path> all = Files.walk(dir)) {
      List<String> readable = new ArrayList<>();
      for (Path path : all.filter(p -> !p.equals(dir)).toList()) {
        if (Files.getPosixFilePermissions(path).stream().anyMatch(others::contains)) {
          readable.add(dir.relativize(path).toString());
        }
      }
      return readable;
    }
  }
}
