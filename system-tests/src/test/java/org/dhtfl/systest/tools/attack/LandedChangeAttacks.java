package org.dhtfl.systest.tools.attack;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.systest.attack.ForgedResults;
import org.dhtfl.systest.cluster.LocalCluster;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.JobKey;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.NodeRef;

/**
 * An attack by a member on what the client averages: results whose weight change is as large as
 * every weight may be. Returns why it was not held, or empty.
 */
final class LandedChangeAttacks {

  /** The change a lying member reports for every weight: the most the client's check per weight lets through. */
  private static final double HUGE = 1e6;
  private static final int FILES = 12;

  private LandedChangeAttacks() {
  }

  /**
   * A member that lies: a local process admitted for a listed port no node serves (the one whose
   * node would own the most of the run's files, see {@link #liarPort}) joins the ring as a
   * node that owns its keys and passes every other call on to the node after it. For the jobs of
   * its own keys it answers at once, in one three-round run "failed", in a second one "done" with
   * a weight change of 10^6 for every weight, and the seed, start weights, rows and epochs the job
   * asked for. Both runs average the same honest files, so the second must end with the first's
   * error: the lying results must not be averaged.
   */
  static Optional<String> weightChange(LocalCluster cluster) throws Exception {
    int port = liarPort(cluster);
    org.dhtfl.thrift.JoinResponse admitted = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.join_ring(port));
    if (admitted.getId() < 0) {
      return Optional.of("the attack could not run: the supernode answered " + admitted.getReason());
    }
    NodeRef self = new NodeRef(admitted.getId(), "127.0.0.1", port);
    IdSpace space = new IdSpace(admitted.getBits());
    List<NodeRef> real = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_members());
    NodeRef next = real.stream()
        .min(Comparator.comparingInt(n -> Math.floorMod(n.getId() - self.getId(), 64))).orElseThrow();
    NodeRef before = real.stream()
        .min(Comparator.comparingInt(n -> Math.floorMod(self.getId() - n.getId(), 64))).orElseThrow();
    Liar liar = new Liar(self, next, before, space);
    ComputeNode.Iface handler = (ComputeNode.Iface) Proxy.newProxyInstance(LandedChangeAttacks.class.getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> liar.answer(method, args));
    try (ThriftServer fake = ThriftServer.start("lying-member", new ComputeNode.Processor<>(handler),
        InetAddress.getLoopbackAddress(), port, RpcSettings.DEFAULTS)) {
      Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS, c -> c.confirm_join(self.getId()));
      if (!inRing(before.getPort(), next.getPort(), self)) {
        return Optional.of("the attack could not run: the ring never took the lying member " + self.getId());
      }
      String failing = finalError(cluster, "failing-member");
      liar.huge = true;
      String lying = finalError(cluster, "lying-member");
      String figures = liar.jobs.size() + " jobs of the lying member's keys; with it answering \"failed\": " + failing
          + ", with it answering changes of " + HUGE + ": " + lying;
      if (liar.jobs.isEmpty()) {
        return Optional.of("the attack could not run: no job reached the lying member (" + figures + ")");
      }
      if (!failing.startsWith("Final")) {
        return Optional.of("the attack could not run: " + figures);
      }
      if (!failing.equals(lying)) {
        return Optional.of(figures);
      }
      System.out.println("  (" + figures + ")");
      return Optional.empty();
    }
  }

  /**
   * Of the listed ports no node serves, the one whose node would own the most of the run's twelve
   * files, but not more than four, so that a round keeps most of its files.
   */
  private static int liarPort(LocalCluster cluster) throws Exception {
    IdSpace space = new IdSpace(Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_bits()));
    List<Integer> ids = Rpc.supernode("127.0.0.1", cluster.supernodePort(), RpcSettings.DEFAULTS,
        c -> c.get_members()).stream().map(NodeRef::getId).toList();
    List<String> files = ForgedResults.firstFiles(LocalCluster.project().resolve("data").resolve("letters"), FILES);
    int best = cluster.nodePorts().get(3);
    long most = -1;
    for (int port : cluster.nodePorts().subList(3, cluster.nodePorts().size())) {
      int id = space.idOfPort(port);
      if (ids.contains(id)) {
        continue;
      }
      int before = ids.stream().min(Comparator.comparingInt(n -> Math.floorMod(id - n, 64))).orElseThrow();
      long owned = files.stream().filter(f -> space.inOpenClosed(before, space.keyOf(f), id)).count();
      if (owned > most && owned <= FILES / 3) {
        best = port;
        most = owned;
      }
    }
    return best;
  }

  /** The lying member: its own keys' jobs answered as told, every other call passed on to the node after it. */
  private static final class Liar {
    private final NodeRef self;
    private final NodeRef next;
    private final NodeRef before;
    private final IdSpace space;
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean huge;

    Liar(NodeRef self, NodeRef next, NodeRef before, IdSpace space) {
      this.self = self;
      this.next = next;
      this.before = before;
      this.space = space;
    }

    Object answer(Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "ping":
          return self;
        case "get_neighbours":
          return new org.dhtfl.thrift.Neighbours(self, List.of(next)).setPredecessor(before);
        case "route_step":
          return new org.dhtfl.thrift.RouteStep(self, List.of(next), List.of());
        case "notify", "update_finger", "leaving", "store_replica":
          return null;
        case "submit_job": {
          Job job = (Job) args[0];
          if (owns(job.getKey()) && !job.isSetData()) {
            return "need_data";
          }
          if (owns(job.getKey())) {
            jobs.put(keyName(job.getKey()), job);
            return "accepted";
          }
          break;
        }
        case "job_result": {
          JobKey key = (JobKey) args[0];
          if (owns(key)) {
            Job job = jobs.get(keyName(key));
            return job == null ? new Model(List.of(), List.of(), 0, "not_found") : result(job);
          }
          break;
        }
        default:
          break;
      }
      return passOn(method, args);
    }

    private boolean owns(JobKey key) {
      return space.inOpenClosed(before.getId(), space.keyOf(key.getFilename()), self.getId());
    }

    private Model result(Job job) {
      if (!huge) {
        return new Model(List.of(), List.of(), 0, "failed").setReason("this member does not train")
            .setTrained_by(self.getId());
      }
      int hidden = job.getSpec().getHidden();
      int classes = job.getSpec().getClasses();
      int features = job.isSetStart() ? JobWire.weights("mlp", "start", job.getStart()).w().length - 1 : 16;
      return new Model(matrix(hidden + 1, classes), matrix(features + 1, hidden), 0.05, "done")
          .setTrained_by(self.getId()).setRows(rows(job.getData())).setEpochs(job.getSpec().getEpochs())
          .setModel(job.getSpec().getModel()).setSeed(job.getSpec().getSeed()).setInit(job.getSpec().getInit());
    }

    private Object passOn(Method method, Object[] args) throws Throwable {
      try {
        return Rpc.computeNode("127.0.0.1", next.getPort(), RpcSettings.DEFAULTS, c -> {
          try {
            return method.invoke(c, args);
          } catch (InvocationTargetException e) {
            throw e.getCause() instanceof TException t ? t : new TException(e.getCause());
          } catch (IllegalAccessException e) {
            throw new TException(e);
          }
        });
      } catch (RemoteException e) {
        throw e.getCause() instanceof TException t && !(t instanceof org.apache.thrift.transport.TTransportException)
            && List.of(method.getExceptionTypes()).contains(t.getClass()) ? t : new org.dhtfl.thrift.Unavailable(
                "passed on and not answered: " + e.getMessage());
      }
    }
  }

  /**
   * Whether the node before the liar takes it as its successor, and the node after it as its
   * predecessor (10 s at most).
   */
  private static boolean inRing(int beforePort, int nextPort, NodeRef self) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try {
        Rpc.computeNode("127.0.0.1", nextPort, RpcSettings.DEFAULTS, c -> {
          c.notify(self);
          return null;
        });
      } catch (RemoteException e) {
        // The node has not heard of the new member from the supernode yet: ask again.
      }
      org.dhtfl.thrift.RingState after = Rpc.computeNode("127.0.0.1", nextPort, RpcSettings.DEFAULTS,
          c -> c.get_ring_state());
      org.dhtfl.thrift.RingState ahead = Rpc.computeNode("127.0.0.1", beforePort, RpcSettings.DEFAULTS,
          c -> c.get_ring_state());
      if (after.isSetPredecessor() && after.getPredecessor().getPort() == self.getPort()
          && ahead.getSuccessors().get(0).getPort() == self.getPort()) {
        return true;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
    return false;
  }

  private static String keyName(JobKey key) {
    return key.getRun_id() + "/" + key.getRound() + "/" + key.getFilename();
  }

  private static int rows(byte[] data) {
    return (int) new String(data, StandardCharsets.UTF_8).lines().filter(l -> !l.isBlank()).count();
  }

  private static List<List<Double>> matrix(int rows, int columns) {
    List<List<Double>> matrix = new ArrayList<>();
    for (int i = 0; i < rows; i++) {
      matrix.add(new ArrayList<>(Collections.nCopies(columns, HUGE)));
    }
    return matrix;
  }

  /**
   * A three-round run of twelve files that averages a round once half its files came back (the
   * liar's files never do): its last line's error, or why it has none.
   */
  private static String finalError(LocalCluster cluster, String name) throws Exception {
    Process client = cluster.start(name, LocalCluster.jar("client"),
        cluster.clientRun(name, FILES, 3, "--min-fraction", "0.5"));
    if (!client.waitFor(240, TimeUnit.SECONDS)) {
      client.destroyForcibly();
      return "no end within 240 s";
    }
    String log = cluster.log(name);
    int at = log.lastIndexOf("Final validation error: ");
    if (at >= 0) {
      return log.substring(at, log.indexOf('\n', at));
    }
    List<String> said = log.lines().filter(l -> l.startsWith("Round ") || l.startsWith("error: ")).toList();
    return "no final error (exit " + client.exitValue() + ")" + (said.isEmpty() ? "" : ": " + String.join("; ", said));
  }
}
