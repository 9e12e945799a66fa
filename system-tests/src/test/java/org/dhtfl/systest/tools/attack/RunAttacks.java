package org.dhtfl.systest.tools.attack;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.dhtfl.systest.attack.ForgedResults;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.TrainSpec;

/**
 * Attacks on a federated run by a local process that is no member and not the run's client. Each
 * returns why it was not held, or empty.
 */
final class RunAttacks {

  private static final int FILES = 12;
  private static final int ROUNDS = 3;
  private static final Duration RUN = Duration.ofSeconds(240);

  private RunAttacks() {
  }

  /**
   * While a three-round run goes on, a stranger reads the run's public id from get_ring_state (the
   * jobs the nodes hold) and submits the jobs of rounds 2 and 3 itself, every file's rows relabelled
   * as class 0, each once without a secret and once with one it made up; were they taken, the
   * client's own jobs would find their keys taken and its model would learn one class. The run must
   * end with the error of a run without the attack.
   */
  static Optional<String> plantedJobs(LocalCluster cluster) throws Exception {
    String faultless = finalError(cluster, "faultless", false);
    String attacked = finalError(cluster, "attacked", true);
    return faultless.equals(attacked) ? Optional.empty()
        : Optional.of("the final error is " + attacked + " where the faultless run gives " + faultless);
  }

  private static String finalError(LocalCluster cluster, String name, boolean attack) throws Exception {
    Set<String> earlier = runIds(cluster);
    Process client = cluster.start(name, LocalCluster.jar("client"), cluster.clientRun(name, FILES, ROUNDS));
    if (attack) {
      Optional<String> runId = newRunId(cluster, client, earlier);
      if (runId.isPresent()) {
        int[] counts = submitRelabelled(cluster, runId.get());
        System.out.println("  (" + counts[0] + " planted jobs taken, " + counts[1] + " refused, run " + runId.get()
            + ")");
      }
    }
    if (!client.waitFor(RUN.toSeconds(), TimeUnit.SECONDS)) {
      return "no end within " + RUN.toSeconds() + " s";
    }
    String log = cluster.log(name);
    int at = log.lastIndexOf("Final validation error: ");
    return at < 0 ? "no final error (exit " + client.exitValue() + ")" : log.substring(at, log.indexOf('\n', at));
  }

  /** The first run id the nodes' ring states show that is not among {@code earlier}, while the client lives. */
  private static Optional<String> newRunId(LocalCluster cluster, Process client, Set<String> earlier)
      throws InterruptedException {
    while (client.isAlive()) {
      Set<String> now = runIds(cluster);
      now.removeAll(earlier);
      if (!now.isEmpty()) {
        return Optional.of(now.iterator().next());
      }
      TimeUnit.MILLISECONDS.sleep(20);
    }
    return Optional.empty();
  }

  /** The run ids, besides the reference's, of the jobs the nodes hold, as get_ring_state shows them to anyone. */
  private static Set<String> runIds(LocalCluster cluster) {
    Set<String> ids = new HashSet<>();
    for (int port : cluster.nodePorts()) {
      try {
        for (HeldJob job : JobWire.held(Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
            c -> c.get_ring_state()))) {
          ids.add(job.key().runId());
        }
      } catch (RemoteException e) {
        // Not up yet, or gone: the others answer.
      }
    }
    ids.remove(JobKey.REFERENCE_RUN);
    return ids;
  }

  /** Submits rounds 2.. of every file with its rows relabelled as class 0; the jobs taken and refused. */
  private static int[] submitRelabelled(LocalCluster cluster, String runId) throws Exception {
    Path letters = LocalCluster.project().resolve("data").resolve("letters");
    TrainSpec spec = new TrainSpec("mlp", 20, 26, 250, 1e-4, 0.7, true, false).setSeed(1).setInit("glibc");
    int[] counts = new int[2];
    List<Job> jobs = new ArrayList<>();
    for (int round = 2; round <= ROUNDS; round++) {
      for (String file : ForgedResults.firstFiles(letters, FILES)) {
        jobs.add(new Job().setKey(JobWire.toThrift(new JobKey(runId, round, file))).setSpec(spec)
            .setData(relabelled(letters.resolve(file))));
      }
    }
    int entry = cluster.nodePorts().get(0);
    String madeUp = RunSecret.generate(new SecureRandom()).value();
    for (Job job : jobs) {
      for (Job attempt : List.of(job, job.deepCopy().setRun_secret(madeUp))) {
        try {
          Rpc.computeNode("127.0.0.1", entry, RpcSettings.DEFAULTS, c -> c.submit_job(attempt, List.of()));
          counts[0]++;
        } catch (RemoteException e) {
          counts[1]++;
        }
      }
    }
    return counts;
  }

  /** The file's rows with every class set to 0. */
  private static byte[] relabelled(Path file) throws Exception {
    StringBuilder out = new StringBuilder();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      if (!line.isBlank()) {
        out.append(line, 0, line.lastIndexOf(',') + 1).append("0\n");
      }
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }
}
