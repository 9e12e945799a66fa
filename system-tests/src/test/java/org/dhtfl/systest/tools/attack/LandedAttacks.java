package org.dhtfl.systest.tools.attack;

import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.systest.attack.ForgedResults;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.Matrix;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.NodeRef;
import org.dhtfl.thrift.TrainSpec;
import org.dhtfl.thrift.Weights;

/**
 * Attacks on what a node keeps and takes: a finished result replaced by a member's copy, and jobs
 * too costly to train taking queue places. Each returns why it was not held, or empty.
 */
final class LandedAttacks {

  private static final double FORGED = 50.0;
  private static final int COSTLY_HIDDEN = 200;

  private LandedAttacks() {
  }

  /**
   * A member that lies: a local process admitted for the fourth listed port becomes the
   * predecessor of a node that holds a finished result, then asks that node with store_replica to
   * keep a copy of the key; asked for its copy, it answers a forged result (every weight change
   * 50.0, "trained by" itself). The node's answer for the key must stay the result it trained.
   */
  static Optional<String> replicaOverwrite(LocalCluster cluster) throws Exception {
    int port = cluster.nodePorts().get(3);
    org.dhtfl.thrift.JoinResponse admitted = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.join_ring(port));
    if (admitted.getId() < 0) {
      return Optional.of("the attack could not run: the supernode answered " + admitted.getReason());
    }
    NodeRef self = new NodeRef(admitted.getId(), "127.0.0.1", port);
    List<NodeRef> real = members(cluster).stream().filter(n -> n.getPort() != port).toList();
    NodeRef victim = real.stream()
        .min(Comparator.comparingInt(n -> Math.floorMod(n.getId() - self.getId(), 64))).orElseThrow();
    IdSpace space = new IdSpace(admitted.getBits());
    String file = fileOwnedBetween(space, self.getId(), victim.getId(), "replica-overwrite-");
    RunSecret secret = RunSecret.generate(new SecureRandom());
    JobKey key = new JobKey(secret.runId(), 1, file);
    Job own = job(key, secret, spec(20, 250), Optional.empty());
    Rpc.computeNode("127.0.0.1", victim.getPort(), RpcSettings.DEFAULTS, c -> c.submit_job(own, List.of()));
    Model trained = awaitFinished(victim.getPort(), key, secret);
    if (!"done".equals(trained.getStatus())) {
      return Optional.of("the attack could not run: the node's own training ended " + trained.getStatus());
    }
    Model forged = forged(self.getId());
    org.dhtfl.thrift.Neighbours neighbours = new org.dhtfl.thrift.Neighbours(self, List.of(victim));
    ComputeNode.Iface liar = (ComputeNode.Iface) Proxy.newProxyInstance(LandedAttacks.class.getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> switch (method.getName()) {
          case "ping" -> self;
          case "get_neighbours" -> neighbours;
          case "route_step" -> new org.dhtfl.thrift.RouteStep(self, List.of(victim), List.of());
          case "held" -> forged;
          case "notify", "update_finger", "leaving", "store_replica" -> null;
          default -> throw new org.dhtfl.thrift.Unavailable("not here");
        });
    try (ThriftServer fake = ThriftServer.start("lying-member", new ComputeNode.Processor<>(liar),
        InetAddress.getLoopbackAddress(), port, RpcSettings.DEFAULTS)) {
      Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.confirm_join(self.getId()));
      if (!becomesPredecessor(victim.getPort(), self)) {
        return Optional.of("the attack could not run: node " + victim.getId() + " never took the lying member "
            + self.getId() + " as predecessor");
      }
      Rpc.computeNode("127.0.0.1", victim.getPort(), RpcSettings.DEFAULTS, c -> {
        c.store_replica(JobWire.toThrift(key), forged, null);
        return null;
      });
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
      Model now = trained;
      while (System.nanoTime() < deadline && Arrays.deepEquals(v(now), v(trained))) {
        TimeUnit.MILLISECONDS.sleep(100);
        now = result(victim.getPort(), key, secret);
      }
      if (!Arrays.deepEquals(v(now), v(trained))) {
        return Optional.of("node " + victim.getId() + " now answers for " + file + " a result trained by "
            + (now.isSetTrained_by() ? now.getTrained_by() : "?") + " whose first weight change is "
            + v(now)[0][0] + ", where it trained " + v(trained)[0][0] + " itself");
      }
      System.out.println("  (node " + victim.getId() + " kept its result for " + file + " with the lying member "
          + self.getId() + " as its predecessor)");
      return Optional.empty();
    }
  }

  /**
   * While a three-round run goes on, a local process submits, under a run secret of its own, 200
   * jobs that carry their start weights and would cost about 500 rows x 8,626 parameters (200
   * hidden units) x 10^5 epochs, about twice what a node takes; right after each, it reads the
   * job's result. A job answered "wait" holds a place in the owner's queue until a worker reaches
   * it. None may, and the run must end.
   */
  static Optional<String> costAtSubmit(LocalCluster cluster) throws Exception {
    Path data = LocalCluster.project().resolve("data");
    long started = System.nanoTime();
    Process client = cluster.start("client", LocalCluster.jar("client"), cluster.clientRun("run", 12, 3));
    cluster.awaitLog("client", "Run run-");
    RunSecret secret = RunSecret.generate(new SecureRandom());
    byte[] rows = Files.readAllBytes(data.resolve("letters")
        .resolve(ForgedResults.firstFiles(data.resolve("letters"), 1).get(0)));
    int entry = cluster.nodePorts().get(0);
    int queued = 0;
    int refused = 0;
    String reason = "";
    for (int i = 0; i < 200; i++) {
      JobKey key = new JobKey(secret.runId(), 1, "costly-" + i);
      Job costly = job(key, secret, spec(COSTLY_HIDDEN, 100_000), Optional.of(rows));
      Rpc.computeNode("127.0.0.1", entry, RpcSettings.DEFAULTS, c -> c.submit_job(costly, List.of()));
      Model answer = result(entry, key, secret);
      if ("wait".equals(answer.getStatus())) {
        queued++;
      } else {
        refused++;
        reason = answer.isSetReason() ? answer.getReason() : answer.getStatus();
      }
    }
    boolean ended = client.waitFor(240, TimeUnit.SECONDS);
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
    String error = finalError(cluster.log("client"));
    System.out.println("  (" + refused + " of 200 answered \"failed\" right after submit"
        + (reason.isEmpty() ? "" : ": " + reason) + "; the run: " + error + " after " + seconds + " s)");
    if (queued > 0) {
      return Optional.of(queued + " of 200 jobs too costly to train were queued at submit (answered \"wait\"); "
          + "the run: " + error + " after " + seconds + " s");
    }
    if (!ended || client.exitValue() != 0) {
      return Optional.of("the run did not end well: " + error);
    }
    return Optional.empty();
  }

  /**
   * A file name whose key lies in (after, upTo]: a key the node upTo owns, and would keep owning
   * were after its predecessor.
   */
  static String fileOwnedBetween(IdSpace space, int after, int upTo, String prefix) {
    for (int i = 0; ; i++) {
      String name = prefix + i + ".txt";
      if (space.inOpenClosed(after, space.keyOf(name), upTo)) {
        return name;
      }
    }
  }

  /** Notifies the node of {@code port} as {@code self} until it names self its predecessor (10 s at most). */
  private static boolean becomesPredecessor(int port, NodeRef self) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS, c -> {
          c.notify(self);
          return null;
        });
      } catch (RemoteException e) {
        // The node has not heard of the new member from the supernode yet: ask again.
      }
      org.dhtfl.thrift.RingState state = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
          c -> c.get_ring_state());
      if (state.isSetPredecessor() && state.getPredecessor().getPort() == self.getPort()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  /**
   * Sixteen jobs, each under 200 bytes, whose start weights come in the compact form with runs of rows
   * that hold no values: V as 2^31 - 1 rows of width 0, W as two runs of 2^30 rows. A reader that
   * allocated the rows the runs declare would ask for gigabytes per call. Broken when a call is
   * accepted, when the node logs an OutOfMemoryError, or when the ring then walks to fewer than
   * three members.
   */
  static Optional<String> compactRowsBomb(LocalCluster cluster) throws Exception {
    RunSecret secret = RunSecret.generate(new SecureRandom());
    int target = cluster.nodePorts().get(1);
    int refused = 0;
    String reason = "";
    for (int i = 0; i < 16; i++) {
      Job bomb = new Job().setKey(JobWire.toThrift(new JobKey(secret.runId(), 1, "bomb-" + i)))
          .setSpec(spec(20, 1)).setRun_secret(secret.value()).setStart(new Weights()
              .setPacked_V(new Matrix(List.of(Integer.MAX_VALUE), List.of(0), ByteBuffer.allocate(0)))
              .setPacked_W(new Matrix(List.of(1 << 30, 1 << 30), List.of(0, 0), ByteBuffer.allocate(0))));
      try {
        String answer = Rpc.computeNode("127.0.0.1", target, RpcSettings.DEFAULTS, c -> c.submit_job(bomb, List.of()));
        return Optional.of("node at port " + target + " answered \"" + answer + "\" to job " + i);
      } catch (RemoteException e) {
        if (e.kind() == RemoteException.Kind.UNREACHABLE) {
          return Optional.of("node at port " + target + " stopped answering at job " + i + ": " + e.getMessage());
        }
        refused++;
        reason = e.getMessage();
      }
    }
    System.out.println("  (" + refused + " of 16 refused: " + reason + ")");
    if (cluster.log("node-" + target).contains("OutOfMemoryError")) {
      return Optional.of("the node logged OutOfMemoryError");
    }
    int members = AttackMain.ringSize(cluster.nodePorts().get(0));
    return members == 3 ? Optional.empty() : Optional.of("the ring walked has " + members + " members");
  }

  /** An MLP for the letters (26 classes), seed 1. */
  static TrainSpec spec(int hidden, int epochs) {
    return new TrainSpec("mlp", hidden, 26, epochs, 1e-4, 0.7, true, false).setSeed(1).setInit("glibc");
  }

  /**
   * The job of the key under the secret; with rows, it carries them and start weights of zero for
   * 16 features and {@link #COSTLY_HIDDEN} hidden units.
   */
  static Job job(JobKey key, RunSecret secret, TrainSpec spec, Optional<byte[]> rows) throws Exception {
    Job job = new Job().setKey(JobWire.toThrift(key)).setSpec(spec).setRun_secret(secret.value());
    if (rows.isPresent()) {
      job.setData(rows.get()).setStart(new Weights(matrix(COSTLY_HIDDEN + 1, 26, 0.0), matrix(17, COSTLY_HIDDEN, 0.0)));
    } else {
      Path letters = LocalCluster.project().resolve("data").resolve("letters");
      job.setData(Files.readAllBytes(letters.resolve(ForgedResults.firstFiles(letters, 1).get(0))));
    }
    return job;
  }

  /** A finished result of the letters' MLP, every weight change 50.0, trained by {@code by}. */
  private static Model forged(int by) {
    return new Model(matrix(21, 26, FORGED), matrix(17, 20, FORGED), 0.01, "done").setTrained_by(by).setRows(500)
        .setEpochs(250).setModel("mlp").setSeed(1).setInit("glibc");
  }

  private static List<List<Double>> matrix(int rows, int columns, double value) {
    List<List<Double>> matrix = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      matrix.add(new ArrayList<>(Collections.nCopies(columns, value)));
    }
    return matrix;
  }

  /** A result's V, in whichever form the node answered it. */
  private static double[][] v(Model model) {
    return JobWire.matrix("V", model.getV(), model.getPacked_V());
  }

  private static Model result(int port, JobKey key, RunSecret secret) throws RemoteException {
    return Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
        c -> c.job_result(JobWire.toThrift(key), List.of(), secret.value()));
  }

  /** The key's result once it is no longer "wait" (60 s at most). */
  static Model awaitFinished(int port, JobKey key, RunSecret secret) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    Model answer = result(port, key, secret);
    while ("wait".equals(answer.getStatus()) && System.nanoTime() < deadline) {
      TimeUnit.MILLISECONDS.sleep(100);
      answer = result(port, key, secret);
    }
    return answer;
  }

  private static List<NodeRef> members(LocalCluster cluster) throws RemoteException {
    return Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.get_members());
  }

  private static String finalError(String log) {
    Matcher error = Pattern.compile("Final validation error: \\S+").matcher(log);
    String last = "no final error";
    while (error.find()) {
      last = error.group();
    }
    return last;
  }
}
