package org.dhtfl.systest.tools.attack;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.TrainSpec;

/**
 * Attacks on the nodes' shared work by a local process that makes a run of its own (a run is only
 * a secret, so anyone may). Each returns why it was not held, or empty.
 */
final class ShareAttacks {

  private static final int FILES = 12;

  private ShareAttacks() {
  }

  /**
   * A stranger's run keeps the nodes' job queues full: eight threads submit jobs of all 16,500 rows
   * (seconds of training each) and, between them, jobs of a shard's size that fill what room is
   * left, more than the nodes' byte budgets take, and go on while a
   * client's one-round run starts and ends. Broken when the client's run fails, or any of its files
   * is answered busy and sent again (the file table's "sent" column), or the run takes more than
   * three times, plus 30 s, what it took before the hog came (the hog's jobs take their turns of the
   * CPU, so some slowing is fair).
   */
  static Optional<String> queueHog(LocalCluster cluster) throws Exception {
    long faultless = clientRun(cluster, "faultless");
    if (faultless < 0) {
      return Optional.of("the run without the hog failed");
    }
    Hog hog = new Hog(cluster);
    long attacked;
    try {
      hog.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (hog.sent.get() < 150 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(100);
      }
      attacked = clientRun(cluster, "attacked");
    } finally {
      hog.stop();
    }
    int resent = resent(cluster.log("attacked"));
    System.out.printf("  (hog: %d jobs sent; the client's run took %.1f s, %.1f s without the hog, and sent its "
        + "files %d times more than once)%n", hog.sent.get(), attacked / 1e3, faultless / 1e3, resent);
    if (attacked < 0) {
      return Optional.of("the client's run did not finish beside the hog");
    }
    if (resent > 0) {
      return Optional.of("the client's files were answered busy and sent again " + resent + " times");
    }
    return attacked <= 3 * faultless + 30_000 ? Optional.empty()
        : Optional.of(String.format("the client's run took %.1f s beside the hog, %.1f s without it", attacked / 1e3,
            faultless / 1e3));
  }

  /**
   * A stranger's run keeps a node's query places busy: sixteen threads send score_models queries
   * of 8 models (the most a query holds) of 200 hidden units over a file of 115,500 rows every node
   * has (about 8e9 multiply-adds, within the 2e10 a node takes, in 0.6 MB), so that the file's owner
   * computes them all. Another run then asks one small query of the same file. Broken when that
   * query is not answered within three times what one of the hog's
   * queries takes alone, plus 2 s.
   */
  static Optional<String> queryHog(LocalCluster cluster) throws Exception {
    byte[] all = rows();
    for (int port : cluster.nodePorts()) {
      try (var out = Files.newOutputStream(cluster.dir().resolve("host-" + port).resolve("queried"))) {
        for (int i = 0; i < 7; i++) {
          out.write(all);
        }
      }
    }
    int entry = cluster.nodePorts().get(0);
    org.dhtfl.thrift.FileQuery heavy = query(RunSecret.generate(new SecureRandom()), 8, 200);
    org.dhtfl.thrift.FileQuery light = query(RunSecret.generate(new SecureRandom()), 1, 20);
    RpcSettings patient = RpcSettings.DEFAULTS.withCallTimeoutMs(180_000);
    long start = System.nanoTime();
    Rpc.computeNode("127.0.0.1", entry, patient, c -> c.score_models(heavy, List.of()));
    long alone = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    AtomicInteger sent = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(16);
    long waited;
    String failure = "";
    try {
      long until = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
      for (int t = 0; t < 16; t++) {
        threads.submit(() -> {
          while (System.nanoTime() < until && !Thread.currentThread().isInterrupted()) {
            sent.incrementAndGet();
            try {
              Rpc.computeNode("127.0.0.1", entry, patient, c -> c.score_models(heavy, List.of()));
            } catch (RemoteException e) {
              // Refused or timed out: sent again.
            }
          }
          return null;
        });
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (sent.get() < 16 && System.nanoTime() < deadline) {
        TimeUnit.MILLISECONDS.sleep(50);
      }
      TimeUnit.MILLISECONDS.sleep(Math.max(1_000, alone));   // the hog's queries queue up at the owner
      start = System.nanoTime();
      try {
        Rpc.computeNode("127.0.0.1", entry, patient, c -> c.score_models(light, List.of()));
      } catch (RemoteException e) {
        failure = e.getMessage();
      }
      waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    } finally {
      threads.shutdownNow();
    }
    System.out.printf("  (one hog query alone: %.1f s; the other run's query beside the hog: %.1f s%s)%n", alone / 1e3,
        waited / 1e3, failure.isEmpty() ? "" : ", failed: " + failure);
    if (!failure.isEmpty()) {
      return Optional.of("the other run's query failed beside the hog after " + waited / 1e3 + " s: " + failure);
    }
    return waited <= 3 * alone + 2_000 ? Optional.empty()
        : Optional.of(String.format("the other run's query took %.1f s beside the hog; one hog query alone %.1f s",
            waited / 1e3, alone / 1e3));
  }

  /** A score_models query of {@code models} zero models of {@code hidden} units over the owner's file, for the run. */
  private static org.dhtfl.thrift.FileQuery query(RunSecret run, int models, int hidden) {
    org.dhtfl.ml.ModelShape shape = org.dhtfl.ml.ModelShape.mlp(16, hidden, 26);
    List<List<Double>> v = zeros(shape.vRows(), shape.vCols());
    List<List<Double>> w = zeros(shape.wRows(), shape.wCols());
    List<org.dhtfl.thrift.Weights> all = new java.util.ArrayList<>();
    for (int i = 0; i < models; i++) {
      all.add(new org.dhtfl.thrift.Weights(v, w));
    }
    return new org.dhtfl.thrift.FileQuery("queried", "mlp", all).setRun_secret(run.value());
  }

  private static List<List<Double>> zeros(int rows, int cols) {
    List<Double> row = java.util.Collections.nCopies(cols, 0.0);
    return java.util.Collections.nCopies(rows, row);
  }

  /** The client's one-round run in ms, or -1 when it failed or took more than three minutes. */
  private static long clientRun(LocalCluster cluster, String name) throws Exception {
    long start = System.nanoTime();
    int exit = cluster.run(name, "client", Duration.ofSeconds(180),
        cluster.clientRun(name, FILES, 1).toArray(String[]::new));
    long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    return exit == 0 && cluster.log(name).contains("Final validation error: ") ? millis : -1;
  }

  /** The sends beyond the first, summed over the file table's "sent" column of the client's log. */
  static int resent(String log) {
    int resent = 0;
    boolean table = false;
    for (String line : log.split("\n")) {
      if (line.startsWith("Round 1 by file:")) {
        table = true;
      } else if (table && line.trim().startsWith("file ")) {
        continue;
      } else if (table && line.startsWith("  ")) {
        String[] columns = line.trim().split("\\s+");
        resent += Integer.parseInt(columns[columns.length - 1]) - 1;
      } else if (table) {
        break;
      }
    }
    return resent;
  }

  /** The hog: eight threads submitting jobs of the stranger's own run until stopped. */
  private static final class Hog {
    private final LocalCluster cluster;
    private final AtomicInteger sent = new AtomicInteger();
    private final ExecutorService threads = Executors.newFixedThreadPool(8);
    private volatile boolean stopped;

    Hog(LocalCluster cluster) {
      this.cluster = cluster;
    }

    void start() throws Exception {
      byte[] all = rows();
      byte[] shard = firstLines(all, 500);
      RunSecret secret = RunSecret.generate(new SecureRandom());
      TrainSpec spec = new TrainSpec("mlp", 20, 26, 250, 1e-4, 0.7, true, false).setSeed(1).setInit("glibc");
      for (int t = 0; t < 8; t++) {
        threads.submit(() -> {
          while (!stopped) {
            int n = sent.incrementAndGet();
            Job job = new Job().setKey(JobWire.toThrift(new JobKey(secret.runId(), 1, "hog-" + n))).setSpec(spec)
                .setData(n % 4 == 0 ? all : shard).setRun_secret(secret.value());
            int entry = cluster.nodePorts().get(n % cluster.nodePorts().size());
            try {
              Rpc.computeNode("127.0.0.1", entry, RpcSettings.DEFAULTS, c -> c.submit_job(job, List.of()));
            } catch (RemoteException e) {
              // Refused: the next one is sent all the same.
            }
          }
          return null;
        });
      }
    }

    void stop() throws InterruptedException {
      stopped = true;
      threads.shutdown();
      threads.awaitTermination(30, TimeUnit.SECONDS);
    }
  }

  /** The first {@code lines} lines of the rows. */
  private static byte[] firstLines(byte[] rows, int lines) {
    int end = 0;
    for (int seen = 0; seen < lines && end < rows.length; end++) {
      if (rows[end] == '\n') {
        seen++;
      }
    }
    return java.util.Arrays.copyOf(rows, end);
  }

  /** The rows of every shard of the letter data, as one file. */
  private static byte[] rows() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (var files = Files.list(LocalCluster.project().resolve("data").resolve("letters"))) {
      for (Path file : files.sorted().toList()) {
        out.write(Files.readAllBytes(file));
      }
    }
    return out.toByteArray();
  }
}
