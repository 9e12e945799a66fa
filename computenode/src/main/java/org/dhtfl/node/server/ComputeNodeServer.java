package org.dhtfl.node.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.IntFunction;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.dhtfl.chord.AdmittedPeers;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.JoinException;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.node.DataSource;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.node.JobService;
import org.dhtfl.node.ResultStore;
import org.dhtfl.node.RingReporter;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.node.Warmup;
import org.dhtfl.node.metrics.NodeMetrics;
import org.dhtfl.node.thrift.AdmittedMembers;
import org.dhtfl.node.thrift.ComputeNodeHandler;
import org.dhtfl.node.thrift.HandOff;
import org.dhtfl.node.thrift.NodeCallers;
import org.dhtfl.node.thrift.SupernodeClient;
import org.dhtfl.node.thrift.ThriftJobPeers;
import org.dhtfl.node.thrift.ThriftPeer;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.NodeConnections;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ServerMetrics;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root of a compute node: wires the supernode client, the Chord core, the jobs,
 * the job service, the Thrift server, the maintenance, the heartbeat and the hand-off, in the order
 * a node comes up (admission, serving, entering the ring, confirmation). Closing it leaves the ring
 * gracefully.
 */
public final class ComputeNodeServer implements AutoCloseable {

  /**
   * Everything a node is started with.
   *
   * @param warmUp whether the node compiles its trainer ({@link Warmup}) before it asks to join
   */
  public record Options(
      int port, String supernodeHost, int supernodePort, Path dataDir, InetAddress bind, int successors,
      Duration maintenanceInterval, Optional<Duration> joinTimeout, int workers, int queueCapacity, int replicas,
      Duration resultTtl, JobSpec training, RpcSettings rpc, boolean warmUp) {

    public Options {
      NodeRef.checkPort(port);
      NodeRef.checkPort(supernodePort);
      Objects.requireNonNull(supernodeHost, "supernode host");
      Objects.requireNonNull(dataDir, "data dir");
      Objects.requireNonNull(bind, "bind address");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(rpc, "rpc");
      Objects.requireNonNull(resultTtl, "result time-to-live");
      Objects.requireNonNull(joinTimeout, "join time-out");
      joinTimeout.ifPresent(t -> {
        if (t.toSeconds() < 1) {
          throw new IllegalArgumentException("join time-out " + t.toSeconds() + " s must be at least 1 s");
        }
      });
      if (replicas < 0) {
        throw new IllegalArgumentException("replicas " + replicas + " must be at least 0");
      }
      if (successors < 1) {
        throw new IllegalArgumentException("successor list length " + successors + " must be at least 1");
      }
      if (workers < 1) {
        throw new IllegalArgumentException("workers " + workers + " must be at least 1");
      }
      if (queueCapacity < 1) {
        throw new IllegalArgumentException("queue capacity " + queueCapacity + " must be at least 1");
      }
      if (maintenanceInterval.toMillis() < 1) {
        throw new IllegalArgumentException("maintenance interval " + maintenanceInterval + " must be at least 1 ms");
      }
      if (resultTtl.toSeconds() < 1) {
        throw new IllegalArgumentException("result time-to-live " + resultTtl.toSeconds() + " s must be at least 1 s");
      }
    }

    /** The options of another position of the same process: its own port, and no warm-up (the process warmed). */
    Options position(int positionPort) {
      return new Options(positionPort, supernodeHost, supernodePort, dataDir, bind, successors, maintenanceInterval,
          joinTimeout, workers, queueCapacity, replicas, resultTtl, training, rpc, false);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ChordNode chord;
  private final JobExecutor jobs;
  private final JobService service;
  private final ThriftServer server;
  private final Maintenance maintenance;
  private final Maintenance unification;
  private final Heartbeat heartbeat;
  private final RingReporter reporter;
  private final SupernodeClient supernode;
  private final HandOff handOff;
  private final NodeConnections connections;
  private final Options options;
  private volatile boolean closed;

  private ComputeNodeServer(ChordNode chord, JobExecutor jobs, JobService service, ThriftServer server,
      Maintenance maintenance, Maintenance unification, Heartbeat heartbeat, RingReporter reporter,
      SupernodeClient supernode, HandOff handOff, NodeConnections connections, Options options) {
    this.chord = chord;
    this.jobs = jobs;
    this.service = service;
    this.server = server;
    this.maintenance = maintenance;
    this.unification = unification;
    this.heartbeat = heartbeat;
    this.reporter = reporter;
    this.supernode = supernode;
    this.handOff = handOff;
    this.connections = connections;
    this.options = options;
  }

  /**
   * Admission, serving, joining and confirmation of one position ({@link NodeProcess} starts them);
   * returns a node that is in the ring. Until the supernode admits the node, it waits for it (see
   * {@link AdmissionWait}). The node does not say it runs ({@link #running()}).
   *
   * @param stop counted down when the node is told to stop; ends the wait for admission
   * @param trainers the pool its jobs train on
   * @param positions the process's positions, for the ring state; none when it holds one
   * @throws StoppedBeforeJoining when {@code stop} came before the admission
   */
  static ComputeNodeServer start(Options options, CountDownLatch stop, Metrics metrics, ExecutorService trainers,
      Supplier<List<NodeRef>> positions) throws JoinException, IOException, StoppedBeforeJoining {
    checkPortFree(options.bind(), options.port());
    if (options.warmUp()) {
      Warmup.run(TrainingSpecs.config(options.training()), () -> stop.getCount() == 0);
    }
    SupernodeClient supernode = new SupernodeClient(options.supernodeHost(), options.supernodePort(), options.rpc());
    SupernodeClient.Admission admitted = new AdmissionWait(supernode.address(),
        () -> supernode.requestJoin(options.port()), options.joinTimeout(), AdmissionWait.until(stop),
        new Random()).admit();
    NodeRef self = admitted.self();
    LOG.info("admitted as node {} (m = {}, {} members before)", self, admitted.bits(), admitted.membersBefore());

    ResultStore results = new ResultStore(self.id(), options.resultTtl());
    JobExecutor jobs = new JobExecutor(DataSource.directory(options.dataDir()), trainers, results);
    RingReporter reporter = new RingReporter(100);
    NodeMetrics measured = new NodeMetrics(metrics);
    NodeConnections connections = new NodeConnections(options.rpc());
    AdmittedMembers members = new AdmittedMembers(new AdmittedMembers.Source() {
      @Override
      public List<NodeRef> members() throws RemoteException {
        return supernode.members();
      }

      @Override
      public Optional<NodeRef> find(int id) {
        return supernode.addressOf(id);
      }
    });
    ChordNode chord = new ChordNode(self, new IdSpace(admitted.bits()), options.successors(),
        new AdmittedPeers(ThriftPeer.connector(connections), n -> n.sameAs(self) || members.admits(n)), reporter,
        measured);
    measured.watch(chord::state, jobs);
    JobService files = new JobService(chord, jobs, new ThriftJobPeers(connections), options.training(),
        options.replicas(), background(self));
    IntFunction<Optional<NodeRef>> directory = id -> directory(chord, supernode, id);
    ComputeNode.Iface handler = NodeCallers.guard(
        new ComputeNodeHandler(chord, files, directory, members::admits, positions), directory,
        members::isMemberHost);
    ThriftServer server;
    try {
      server = ThriftServer.start("node-" + self.id(), new ComputeNode.Processor<>(handler), options.bind(),
          options.port(), options.rpc(), ServerMetrics.in(metrics));
    } catch (TException e) {
      jobs.close();
      reporter.close();
      connections.close();
      throw new IOException("cannot serve on port " + options.port() + ": " + e.getMessage(), e);
    }
    try {
      RingEntry.enter(chord, admitted, supernode, options.rpc());
    } catch (JoinException | RuntimeException e) {
      server.close();
      jobs.close();
      reporter.close();
      connections.close();
      throw e;
    }
    supernode.confirm(self);
    members.learn();
    Maintenance maintenance = Maintenance.start(chord, results, members, options.maintenanceInterval());
    Maintenance unification = Maintenance.unification(chord, members, options.maintenanceInterval());
    Heartbeat heartbeat = Heartbeat.start(supernode.address(), self.id(), () -> supernode.renew(self));
    return new ComputeNodeServer(chord, jobs, files, server, maintenance, unification, heartbeat, reporter,
        supernode, new HandOff(options.rpc()), connections, options);
  }

  /** The line that says the node is in the ring and serves; scripts and tests wait for it. */
  String running() {
    return "compute node " + self().id() + " running on port " + server.port()
        + options.rpc().tls().map(t -> " (" + t + ")").orElse("") + ", training files from "
        + options.dataDir().toAbsolutePath();
  }

  public NodeRef self() {
    return chord.self();
  }

  public RingState ringState() {
    return chord.state();
  }

  public int port() {
    return server.port();
  }

  /** Leaves the ring (neighbours and the supernode are told), hands its jobs over and stops serving. */
  @Override
  public void close() {
    leave();
    stopServing();
  }

  /** Leaves the ring: neighbours and the supernode are told, and its jobs handed over. */
  void leave() {
    if (closed) {
      return;
    }
    closed = true;
    heartbeat.close();
    maintenance.close();
    unification.close();
    LOG.info("node {} leaving the ring", chord.self().id());
    chord.leave();
    handOff.leave(service, chord.state().successors());
    supernode.leave(chord.self());
  }

  /** Stops serving, once it has left; the server waits up to 2 s for its threads. */
  void stopServing() {
    server.close();
    jobs.close();
    reporter.close();
    connections.close();
  }

  private static ExecutorService background(NodeRef self) {
    return Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "node-" + self.id() + "-copies");
      t.setDaemon(true);
      return t;
    });
  }

  static void checkPortFree(InetAddress bind, int port) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new IOException("port " + port + " is not free: " + e.getMessage(), e);
    }
  }

  /** A member's address from what this node knows, else from the supernode (the reference's way). */
  private static Optional<NodeRef> directory(ChordNode chord, SupernodeClient supernode, int id) {
    RingState state = chord.state();
    List<NodeRef> known = new ArrayList<>(state.successors());
    known.addAll(state.fingers());
    state.predecessor().ifPresent(known::add);
    known.add(state.self());
    Optional<NodeRef> local = known.stream().filter(n -> n.id() == id).findFirst();
    return local.isPresent() ? local : supernode.addressOf(id);
  }
}
