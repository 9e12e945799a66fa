package org.dhtfl.systest.tools.attack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.thrift.Model;

/**
 * Attacks on the confidentiality of a run's results by a local process that is no member and not
 * the run's client. Each returns why it was not held, or empty.
 */
final class ReadAttacks {

  private static final int FILES = 12;

  private ReadAttacks() {
  }

  /**
   * After a one-round run, a stranger reads the run's keys from get_ring_state, which shows anyone
   * the jobs a node holds, and asks every node with {@code held} (the node-to-node read of what a
   * node itself holds) for each key, without the run's secret. Broken when any answer carries
   * trained weights.
   */
  static Optional<String> heldWithoutSecret(LocalCluster cluster) throws Exception {
    int exit = cluster.run("client", "client", Duration.ofSeconds(180),
        cluster.clientRun("run", FILES, 1).toArray(String[]::new));
    if (exit != 0) {
      return Optional.of("the client's run failed (exit " + exit + ")");
    }
    List<JobKey> keys = new ArrayList<>();
    for (int port : cluster.nodePorts()) {
      for (HeldJob job : JobWire.held(Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
          c -> c.get_ring_state()))) {
        if (!job.key().runId().equals(JobKey.REFERENCE_RUN)) {
          keys.add(job.key());
        }
      }
    }
    if (keys.isEmpty()) {
      return Optional.of("the nodes show no job of the run, so the attack read nothing");
    }
    int read = 0;
    int refused = 0;
    for (int port : cluster.nodePorts()) {
      for (JobKey key : keys) {
        try {
          Model answer = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
              c -> c.held(JobWire.toThrift(key), null, null));
          if (answer.isSetV() && !answer.getV().isEmpty() || answer.isSetPacked_V()) {
            read++;
          }
        } catch (RemoteException e) {
          refused++;
        }
      }
    }
    System.out.println("  (" + keys.size() + " keys shown, " + read + " trained results read, " + refused
        + " reads refused)");
    return read == 0 ? Optional.empty()
        : Optional.of(read + " trained results of another's run read without its secret");
  }
}
