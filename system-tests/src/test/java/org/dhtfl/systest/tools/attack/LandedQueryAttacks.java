package org.dhtfl.systest.tools.attack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.systest.attack.ForgedResults;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.thrift.FileQuery;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.Weights;

/**
 * Attacks on the work a node does for any run's client: classifier queries. Each returns why it
 * was not held, or empty.
 */
final class LandedQueryAttacks {

  /**
   * Queries sent at once: as many as a node reads at once (its budget for messages being received,
   * 46 MiB with a 256 MB heap, holds about 27 of these), so that every one reaches the node's
   * evaluator rather than being refused on the wire.
   */
  private static final int QUERIES = 24;
  private static final int ROWS = 30_000;
  private static final int HIDDEN = 800;
  /** The timed job's epochs: about a second of training on a quiet node. */
  private static final int EPOCHS = 2_000;
  /**
   * How many times slower the timed job may be while the queries run: with the queries computed one
   * per core, training shares the cores with two of them and the other nodes, not with 24.
   */
  private static final long SLOWER = 5;

  private LandedQueryAttacks() {
  }

  /**
   * A local process, under a run secret of its own, sends the owner of a file 24 score_models
   * queries at once, each carrying 30,000 rows and an MLP of 800 hidden units (about 10^9
   * multiply-adds each). A training job of the same secret is timed on that node before the queries
   * and while they run, the node is pinged every 100 ms and the ring walked from another node. Were
   * every query computed at once, the node's training and its ring maintenance would share the two
   * cores with 24 busy threads: the job must take at most {@link #SLOWER} times as long as on the
   * quiet node, and the ring stay one ring.
   */
  static Optional<String> queryBound(LocalCluster cluster) throws Exception {
    List<NodeRef> members = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_members());
    NodeRef target = members.get(0);
    NodeRef before = members.stream()
        .min(Comparator.comparingInt(n -> n.getId() == target.getId() ? Integer.MAX_VALUE
            : Math.floorMod(target.getId() - n.getId(), 64))).orElseThrow();
    IdSpace space = new IdSpace(Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_bits()));
    RunSecret secret = RunSecret.generate(new SecureRandom());
    // The first job warms the node up (its code compiled, the file read); the second is the quiet figure.
    trainingMillis(target, secret, LandedAttacks.fileOwnedBetween(space, before.getId(), target.getId(),
        "query-bound-warm-"));
    long quiet = trainingMillis(target, secret, LandedAttacks.fileOwnedBetween(space, before.getId(), target.getId(),
        "query-bound-quiet-"));
    FileQuery query = new FileQuery(LandedAttacks.fileOwnedBetween(space, before.getId(), target.getId(),
        "query-bound-"), "mlp", List.of(new Weights(matrix(HIDDEN + 1, 26), matrix(17, HIDDEN))))
        .setData(rows()).setRun_secret(secret.value());
    RpcSettings patient = RpcSettings.DEFAULTS.withCallTimeoutMs(120_000);
    AtomicInteger refused = new AtomicInteger();
    ExecutorService attackers = Executors.newFixedThreadPool(QUERIES);
    List<Long> pings = Collections.synchronizedList(new ArrayList<>());
    AtomicBoolean watching = new AtomicBoolean(true);
    int[] fewest = {members.size()};
    Thread watcher = new Thread(() -> watch(target, members.get(1).getPort(), watching, pings, fewest), "ping-watch");
    try {
      for (int i = 0; i < QUERIES; i++) {
        attackers.execute(() -> {
          try {
            Rpc.computeNode("127.0.0.1", target.getPort(), patient, c -> c.score_models(query, List.of()));
          } catch (RemoteException e) {
            refused.incrementAndGet();
          }
        });
      }
      // Time for every query to be read and parsed, so that the node computes them when the job comes.
      TimeUnit.SECONDS.sleep(5);
      watcher.start();
      long busy = trainingMillis(target, secret, LandedAttacks.fileOwnedBetween(space, before.getId(),
          target.getId(), "query-bound-busy-"));
      watching.set(false);
      watcher.join(5_000);
      List<Long> sorted = List.copyOf(pings).stream().sorted().toList();
      String figures = QUERIES + " queries (" + refused.get() + " refused); a job on node " + target.getId()
          + " took " + quiet + " ms before them, " + busy + " ms during them; its ping " + sorted.get(sorted.size() / 2)
          + " ms (median), " + sorted.get(sorted.size() - 1) + " ms (longest) over " + sorted.size()
          + " pings; fewest members on a ring walk: " + fewest[0];
      if (busy > SLOWER * quiet || fewest[0] < members.size()) {
        return Optional.of(figures);
      }
      System.out.println("  (" + figures + ")");
      return Optional.empty();
    } finally {
      watching.set(false);
      attackers.shutdownNow();
    }
  }

  /** Trains the first letters file, named {@code file}, on the node; the milliseconds until it is done. */
  private static long trainingMillis(NodeRef node, RunSecret secret, String file) throws Exception {
    JobKey key = new JobKey(secret.runId(), 1, file);
    Job job = LandedAttacks.job(key, secret, LandedAttacks.spec(20, EPOCHS), Optional.empty());
    long start = System.nanoTime();
    Rpc.computeNode("127.0.0.1", node.getPort(), RpcSettings.DEFAULTS, c -> c.submit_job(job, List.of()));
    Model done = LandedAttacks.awaitFinished(node.getPort(), key, secret);
    if (!"done".equals(done.getStatus())) {
      throw new IllegalStateException("the timed job ended " + done.getStatus());
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /** Pings the node every 100 ms (2 s for no answer) and walks the ring from {@code walkFrom}, until told to stop. */
  private static void watch(NodeRef node, int walkFrom, AtomicBoolean watching, List<Long> pings, int[] fewest) {
    RpcSettings quick = RpcSettings.DEFAULTS.withCallTimeoutMs(2_000);
    while (watching.get()) {
      long start = System.nanoTime();
      try {
        Rpc.computeNode("127.0.0.1", node.getPort(), quick, c -> c.ping());
        pings.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
      } catch (RemoteException e) {
        pings.add(2_000L);
      }
      int size = AttackMain.ringSize(walkFrom);
      fewest[0] = Math.min(fewest[0], size == 0 ? fewest[0] : size);
      try {
        TimeUnit.MILLISECONDS.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** ROWS rows of the letters, the first file's rows over and over. */
  private static byte[] rows() throws Exception {
    Path letters = LocalCluster.project().resolve("data").resolve("letters");
    List<String> lines = Files.readAllLines(letters.resolve(ForgedResults.firstFiles(letters, 1).get(0)),
        StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ROWS; i++) {
      out.append(lines.get(i % lines.size())).append('\n');
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static List<List<Double>> matrix(int rows, int columns) {
    List<List<Double>> matrix = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      matrix.add(new ArrayList<>(Collections.nCopies(columns, 0.01)));
    }
    return matrix;
  }
}
