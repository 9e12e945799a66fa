package org.dhtfl.node;

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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.apache.thrift.TException;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.IdSpace;
import org.dhtfl.chord.JoinException;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobMessages;
import org.dhtfl.rpc.ModelMessages;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftPeer;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.JoinResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running compute node: asks the supernode for admission, serves the ComputeNode service, joins
 * the ring, keeps it right with periodic maintenance and trains the files it owns. Closing it
 * leaves the ring gracefully.
 */
public final class ComputeNodeServer implements AutoCloseable {

  /** Everything a node is started with. */
  public record Options(
      int port, String supernodeHost, int supernodePort, Path dataDir, InetAddress bind, int successors,
      Duration maintenanceInterval, Duration joinTimeout, int workers, int queueCapacity, int replicas,
      TrainingConfig training, RpcSettings rpc) {

    public Options {
      NodeRef.checkPort(port);
      NodeRef.checkPort(supernodePort);
      Objects.requireNonNull(supernodeHost, "supernode host");
      Objects.requireNonNull(dataDir, "data dir");
      Objects.requireNonNull(bind, "bind address");
      Objects.requireNonNull(training, "training");
      Objects.requireNonNull(rpc, "rpc");
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
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final Options options;
  private final ChordNode chord;
  private final TrainingJobs jobs;
  private final ThriftServer server;
  private final ScheduledExecutorService maintenance;
  private final RingReporter reporter;
  private volatile boolean closed;

  private ComputeNodeServer(Options options, ChordNode chord, TrainingJobs jobs, ThriftServer server,
      ScheduledExecutorService maintenance, RingReporter reporter) {
    this.options = options;
    this.chord = chord;
    this.jobs = jobs;
    this.server = server;
    this.maintenance = maintenance;
    this.reporter = reporter;
  }

  /** Admission, serving, joining and confirmation; returns a node that is in the ring. */
  public static ComputeNodeServer start(Options options) throws JoinException, IOException {
    checkPortFree(options.bind(), options.port());
    JoinResponse admitted = requestJoin(options);
    int bits = admitted.isSetBits() ? admitted.getBits() : 6;
    IdSpace space = new IdSpace(bits);
    String host = admitted.isSetNode() ? admitted.getNode().getHost() : options.supernodeHost();
    NodeRef self = new NodeRef(admitted.getId(), host, options.port());
    LOG.info("admitted as node {} (m = {}, {} members before)", self, bits, admitted.getNo_of_nodes());

    TrainingJobs jobs = new TrainingJobs(options.dataDir(), options.workers(), options.queueCapacity());
    jobs.nodeId(self.id());
    RingReporter reporter = new RingReporter(100);
    ChordNode chord = new ChordNode(self, space, options.successors(), ThriftPeer.connector(options.rpc()), reporter);
    ExecutorService background = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "node-" + self.id() + "-copies");
      t.setDaemon(true);
      return t;
    });
    FileRouter files = new FileRouter(chord, jobs, new ThriftOwners(options.rpc()), options.training(),
        options.replicas(), background);
    ComputeNodeHandler handler = new ComputeNodeHandler(chord, files, id -> directory(chord, options, id));
    ThriftServer server;
    try {
      server = ThriftServer.start("node-" + self.id(), new ComputeNode.Processor<>(handler), options.bind(),
          options.port(), options.rpc());
    } catch (TException e) {
      jobs.close();
      reporter.close();
      throw new IOException("cannot serve on port " + options.port() + ": " + e.getMessage(), e);
    }
    try {
      enter(chord, admitted, options);
    } catch (JoinException | RuntimeException e) {
      server.close();
      jobs.close();
      reporter.close();
      throw e;
    }
    confirm(options, self);
    Warmup.start(options.training());
    ScheduledExecutorService maintenance = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "node-" + self.id() + "-maintenance");
      t.setDaemon(true);
      return t;
    });
    long period = options.maintenanceInterval().toMillis();
    maintenance.scheduleWithFixedDelay(() -> {
      try {
        chord.maintain();
      } catch (RuntimeException e) {
        LOG.warn("maintenance round failed", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    LOG.info("compute node {} running on port {}{}, training files from {}", self.id(), server.port(),
        options.rpc().tls().map(t -> " (" + t + ")").orElse(""), options.dataDir().toAbsolutePath());
    return new ComputeNodeServer(options, chord, jobs, server, maintenance, reporter);
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

  /** Leaves the ring (neighbours and the supernode are told) and stops serving. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    maintenance.shutdownNow();
    LOG.info("node {} leaving the ring", chord.self().id());
    chord.leave();
    handOver(jobs.handOver());
    try {
      Rpc.supernode(options.supernodeHost(), options.supernodePort(), options.rpc().withCallTimeoutMs(2_000), c -> {
        c.remove_join(chord.self().id());
        return null;
      });
    } catch (TException e) {
      LOG.warn("could not tell the supernode that node {} left: {}", chord.self().id(), e.getMessage());
    }
    server.close();
    jobs.close();
    reporter.close();
  }

  /** Gives the successor this node's results and pending jobs, so that nothing is lost. */
  private void handOver(List<TrainingJobs.Held> held) {
    if (held.isEmpty()) {
      return;
    }
    List<org.dhtfl.thrift.Handoff> items = new ArrayList<>();
    for (TrainingJobs.Held h : held) {
      org.dhtfl.thrift.Handoff item = new org.dhtfl.thrift.Handoff(h.key().filename());
      item.setKey(JobMessages.toThrift(h.key()));
      if (h.pending().isPresent()) {
        TrainingJobs.Request request = h.pending().get();
        if (request.data().isEmpty()) {
          request = new TrainingJobs.Request(request.key(), request.config(), request.start(),
              jobs.localBytes(request.key().filename()));
        }
        item.setJob(JobMessages.toThrift(request));
      } else if (h.result().status() != JobStatus.WAIT) {
        item.setResult(ModelMessages.toThrift(h.result()));
      }
      items.add(item);
    }
    for (NodeRef successor : chord.state().successors()) {
      try {
        Rpc.computeNode(successor.host(), successor.port(), options.rpc(), c -> {
          c.take_over(items);
          return null;
        });
        LOG.info("handed {} jobs and results to node {}", items.size(), successor);
        return;
      } catch (TException e) {
        LOG.warn("node {} did not take over: {}", successor, e.getMessage());
      }
    }
    LOG.warn("no successor took over {} jobs and results; they are lost", items.size());
  }

  // ------------------------------------------------------------ start-up steps

  private static void checkPortFree(InetAddress bind, int port) throws IOException {
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true);
      probe.bind(new InetSocketAddress(bind, port));
    } catch (IOException e) {
      throw new IOException("port " + port + " is not free: " + e.getMessage(), e);
    }
  }

  /** request_join until admitted; another joiner means waiting with backoff, anything else fails. */
  private static JoinResponse requestJoin(Options options) throws JoinException {
    long deadline = System.nanoTime() + options.joinTimeout().toNanos();
    long backoffMs = 100;
    while (true) {
      JoinResponse response;
      try {
        response = Rpc.supernode(options.supernodeHost(), options.supernodePort(), options.rpc(),
            c -> c.request_join(options.port()));
      } catch (TException e) {
        throw new JoinException("supernode " + options.supernodeHost() + ":" + options.supernodePort()
            + " did not answer: " + e.getMessage(), e);
      }
      switch (response.getId()) {
        case -1 -> LOG.info("another node is joining; asking again in {} ms", backoffMs);
        case -2 -> throw new JoinException("the ring is full: " + reason(response, "no free identifier"));
        case -3 -> throw new JoinException("the supernode refused port " + options.port() + ": "
            + reason(response, "no reason given"));
        default -> {
          if (response.getId() < 0) {
            throw new JoinException("the supernode answered " + response.getId() + ": " + reason(response, ""));
          }
          return response;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new JoinException("not admitted within " + options.joinTimeout().toSeconds() + " s: other nodes"
            + " kept joining");
      }
      try {
        Thread.sleep(backoffMs + ThreadLocalRandom.current().nextLong(backoffMs / 2 + 1));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new JoinException("interrupted while waiting to join");
      }
      backoffMs = Math.min(2_000, backoffMs * 2);
    }
  }

  private static String reason(JoinResponse response, String fallback) {
    return response.isSetReason() ? response.getReason() : fallback;
  }

  /** Creates the ring, or joins it through the entry the supernode gave, or else any member that answers. */
  private static void enter(ChordNode chord, JoinResponse admitted, Options options) throws JoinException {
    List<NodeRef> entries = new ArrayList<>();
    if (admitted.isSetEntry()) {
      entries.add(Convert.fromThrift(admitted.getEntry()));
    }
    if (admitted.getNo_of_nodes() > 0) {
      try {
        Rpc.supernode(options.supernodeHost(), options.supernodePort(), options.rpc(), c -> c.get_members())
            .stream().map(Convert::fromThrift).filter(n -> !n.sameAs(chord.self()))
            .filter(n -> entries.stream().noneMatch(n::sameAs)).forEach(entries::add);
      } catch (TException e) {
        LOG.warn("could not list the members: {}", e.getMessage());
      }
    }
    if (entries.isEmpty()) {
      LOG.info("first node: creating the ring");
      chord.create();
      return;
    }
    JoinException last = null;
    for (NodeRef entry : entries) {
      try {
        chord.join(entry);
        LOG.info("joined the ring through node {}", entry);
        return;
      } catch (JoinException e) {
        LOG.warn("joining through {} failed: {}", entry, e.getMessage());
        last = e;
      }
    }
    if (entries.stream().noneMatch(n -> answers(n, options.rpc()))) {
      LOG.warn("no member the supernode listed answers; creating a new ring");
      chord.create();
      return;
    }
    throw last;
  }

  private static boolean answers(NodeRef node, RpcSettings rpc) {
    try {
      new ThriftPeer(node, rpc).ping();
      return true;
    } catch (Exception e) {
      return false;
    }
  }

  private static void confirm(Options options, NodeRef self) {
    try {
      boolean confirmed = Rpc.supernode(options.supernodeHost(), options.supernodePort(), options.rpc(),
          c -> c.confirm_join(self.id()));
      if (!confirmed) {
        LOG.warn("the supernode did not confirm node {} (its join lease may have expired); the ring has it",
            self.id());
      }
    } catch (TException e) {
      LOG.warn("could not confirm the join with the supernode: {}", e.getMessage());
    }
  }

  /** A member's address from what this node knows, else from the supernode (the reference's way). */
  private static Optional<NodeRef> directory(ChordNode chord, Options options, int id) {
    RingState state = chord.state();
    List<NodeRef> known = new ArrayList<>(state.successors());
    known.addAll(state.fingers());
    state.predecessor().ifPresent(known::add);
    known.add(state.self());
    Optional<NodeRef> local = known.stream().filter(n -> n.id() == id).findFirst();
    if (local.isPresent()) {
      return local;
    }
    try {
      String address = Rpc.supernode(options.supernodeHost(), options.supernodePort(), options.rpc(),
          c -> c.get_compute_node_address(id));
      int colon = address.lastIndexOf(':');
      return Optional.of(new NodeRef(id, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
    } catch (TException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
