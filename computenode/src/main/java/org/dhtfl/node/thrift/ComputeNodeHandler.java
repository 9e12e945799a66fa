package org.dhtfl.node.thrift;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.HandedJob;
import org.dhtfl.node.JobService;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingPrinter;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.Callers;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.rpc.Role;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Neighbours;
import org.dhtfl.thrift.RingState;
import org.dhtfl.thrift.Unavailable;
import org.dhtfl.thrift.compute_nodeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute node's Thrift face: converts structs, calls the Chord node or the file router, and
 * maps expected failures to the exceptions the IDL declares (or, on the reference's get_model, to
 * a "failed" status with the reason).
 */
public final class ComputeNodeHandler implements ComputeNode.Iface {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ChordNode chord;
  private final JobService files;
  private final IntFunction<Optional<NodeRef>> directory;
  private final Predicate<NodeRef> admitted;
  private final Predicate<InetAddress> memberHost;

  /**
   * @param directory finds a node's address from its ID, for the reference's methods that carry
   *     only IDs
   */
  public ComputeNodeHandler(ChordNode chord, JobService files, IntFunction<Optional<NodeRef>> directory) {
    this(chord, files, directory, node -> true, host -> true);
  }

  /**
   * @param admitted whether the supernode admitted a node; ring pointers are adopted only for those
   * @param memberHost whether a member serves from a host; ring-internal calls come only from those
   */
  public ComputeNodeHandler(ChordNode chord, JobService files, IntFunction<Optional<NodeRef>> directory,
      Predicate<NodeRef> admitted, Predicate<InetAddress> memberHost) {
    this.chord = chord;
    this.files = files;
    this.directory = directory;
    this.admitted = admitted;
    this.memberHost = memberHost;
  }


  // ------------------------------------------------------------ reference: files

  @Override
  public void put_data(String filename) {
    if (refusedQuietly("put_data", Callers.NODES_AND_CLIENTS)) {
      return;
    }
    try {
      files.put(filename);
    } catch (IllegalArgumentException | FileRouter.RoutingException e) {
      LOG.warn("put_data {}: {}", filename == null ? "(none)" : org.dhtfl.jobs.FileNames.printable(filename), e.getMessage());
    }
  }

  @Override
  public Model get_model(String filename) {
    Optional<String> refusal = Callers.refusal("get_model", Callers.NODES_AND_CLIENTS);
    if (refusal.isPresent()) {
      return failed(invalid(refusal.get()).getMessage());
    }
    try {
      return JobWire.toThrift(files.get(filename));
    } catch (IllegalArgumentException | FileRouter.RoutingException e) {
      return failed(e.getMessage());
    }
  }

  // ------------------------------------------------------------ reference: ring, by ID

  @Override
  public void fix_fingers() {
    if (!refusedQuietly("fix_fingers", Callers.NODES)) {
      chord.fixFingers();
    }
  }

  @Override
  public int find_successor(int nodeId) throws InvalidRequest, Unavailable {
    return route(nodeId).owner().id();
  }

  @Override
  public int find_predecessor(int nodeId) throws InvalidRequest, Unavailable {
    return route(nodeId).lastHop().id();
  }

  @Override
  public void update_finger_table(int nodeId, int index) throws InvalidRequest {
    fromMember("update_finger_table");
    try {
      chord.space().checkFingerIndex(index);
      chord.updateFinger(resolve(nodeId), index);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** -1 when the node does not know its predecessor (it was found dead and not yet replaced). */
  @Override
  public int get_predecessor() {
    return chord.predecessor().map(NodeRef::id).orElse(-1);
  }

  @Override
  public int get_successor() {
    return chord.successor().id();
  }

  @Override
  public boolean set_predecessor(int nodeId) throws InvalidRequest {
    fromMember("set_predecessor");
    try {
      NodeRef candidate = itself("set_predecessor", resolve(nodeId));
      chord.notify(candidate);
      return chord.predecessor().map(candidate::sameAs).orElse(false);
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  @Override
  public int closest_preceding_node(int nodeId) throws InvalidRequest {
    try {
      RouteStep step = chord.routeStep(nodeId);
      return step.preceding().isEmpty() ? chord.self().id() : step.preceding().get(0).id();
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  /** The reference's argument-less set_successor: run one stabilization round now. */
  @Override
  public void set_successor() {
    if (!refusedQuietly("set_successor", Callers.NODES)) {
      chord.stabilize();
    }
  }

  @Override
  public void print_finger_table() {
    LOG.info("{}", RingPrinter.describe(chord.state()));
  }

  // ------------------------------------------------------------ dhtfl: ring

  @Override
  public org.dhtfl.thrift.NodeRef ping() {
    return Convert.toThrift(chord.self());
  }

  @Override
  public org.dhtfl.thrift.RouteStep route_step(int key) throws InvalidRequest {
    try {
      return ChordWire.toThrift(chord.routeStep(key));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    }
  }

  @Override
  public org.dhtfl.thrift.Lookup lookup(int key) throws InvalidRequest, Unavailable {
    return ChordWire.toThrift(route(key));
  }

  @Override
  public Neighbours get_neighbours() {
    return ChordWire.toThrift(chord.neighbours());
  }

  @Override
  public void notify(org.dhtfl.thrift.NodeRef candidate) throws InvalidRequest {
    fromMember("notify");
    try {
      NodeRef node = itself("notify", admitted(Convert.fromThrift(candidate)));
      chord.notify(node);
    } catch (IllegalArgumentException e) {
      throw invalid("notify: " + e.getMessage());
    }
  }

  @Override
  public void update_finger(org.dhtfl.thrift.NodeRef node, int index) throws InvalidRequest {
    fromMember("update_finger");
    try {
      NodeRef offered = admitted(Convert.fromThrift(node));
      chord.updateFinger(offered, index);
    } catch (IllegalArgumentException e) {
      throw invalid("update_finger: " + e.getMessage());
    }
  }

  @Override
  public RingState get_ring_state() {
    return JobWire.withHeld(Convert.toThrift(chord.state()), files.overview());
  }

  @Override
  public void leaving(Leaving leaving) throws InvalidRequest {
    fromMember("leaving");
    try {
      if (leaving == null) {
        throw new IllegalArgumentException("no leaver named");
      }
      NodeRef leaver = itself("leaving", Convert.fromThrift(leaving.getLeaver()));
      Optional<NodeRef> predecessor = leaving.isSetPredecessor()
          ? Optional.of(Convert.fromThrift(leaving.getPredecessor())) : Optional.empty();
      List<NodeRef> successors = Convert.fromThrift(leaving.getSuccessors());
      successors.forEach(n -> chord.space().check(n.id(), "successor id"));
      // The leaver itself may be gone from the supernode's list already; only the nodes it names in
      // its place become pointers, so only they must be admitted.
      predecessor.ifPresent(this::admitted);
      successors.forEach(this::admitted);
      LOG.info("node {} is leaving the ring", leaver);
      chord.leaving(leaver, predecessor, successors);
    } catch (IllegalArgumentException e) {
      throw invalid("leaving: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------ dhtfl: files and jobs

  @Override
  public void deliver(String filename, List<Integer> path) throws InvalidRequest, Unavailable {
    allow("deliver", Callers.NODES);
    try {
      files.accept(filename, path == null ? List.of() : path);
    } catch (IllegalArgumentException e) {
      throw invalid("deliver: " + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  @Override
  public String submit_job(org.dhtfl.thrift.Job job, List<Integer> path) throws InvalidRequest, Unavailable {
    allow("submit_job", Callers.NODES_AND_CLIENTS);
    try {
      JobRequest request = JobWire.fromThrift(job);
      TrainingSpecs.check(request);
      return files.submit(request, path == null ? List.of() : path).wireName();
    } catch (IllegalArgumentException e) {
      throw invalid("submit_job: " + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  @Override
  public Model job_result(org.dhtfl.thrift.JobKey key, List<Integer> path) throws InvalidRequest, Unavailable {
    allow("job_result", Callers.NODES_AND_CLIENTS);
    try {
      return JobWire.toThrift(files.result(JobWire.fromThrift(key), path == null ? List.of() : path));
    } catch (IllegalArgumentException e) {
      throw invalid("job_result: " + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  @Override
  public void store_replica(org.dhtfl.thrift.JobKey key, Model result) throws InvalidRequest {
    fromMember("store_replica");
    try {
      JobKey job = JobWire.fromThrift(key);
      // A malformed message is refused as such; a well-formed one is only a hint that a result
      // exists: the router pulls it from the key's owner.
      TrainingSpecs.checkResult(JobWire.fromThrift(job.filename(), result));
      files.storeReplica(job);
    } catch (IllegalArgumentException e) {
      throw invalid("store_replica: " + e.getMessage());
    }
  }

  @Override
  public Model held(org.dhtfl.thrift.JobKey key) throws InvalidRequest {
    allow("held", Callers.NODES);
    try {
      return JobWire.toThrift(files.localResult(JobWire.fromThrift(key)));
    } catch (IllegalArgumentException e) {
      throw invalid("held: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------ dhtfl: classifier calibration

  @Override
  public org.dhtfl.thrift.FileStatistics class_statistics(org.dhtfl.thrift.FileQuery query, List<Integer> path)
      throws InvalidRequest, Unavailable {
    allow("class_statistics", Callers.NODES_AND_CLIENTS);
    try {
      return QueryWire.statistics(files.statistics(QueryWire.fromThrift(query), path == null ? List.of() : path));
    } catch (IllegalArgumentException e) {
      throw invalid("class_statistics: " + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  @Override
  public org.dhtfl.thrift.FileScores score_models(org.dhtfl.thrift.FileQuery query, List<Integer> path)
      throws InvalidRequest, Unavailable {
    allow("score_models", Callers.NODES_AND_CLIENTS);
    try {
      return QueryWire.scores(files.scores(QueryWire.fromThrift(query), path == null ? List.of() : path));
    } catch (IllegalArgumentException e) {
      throw invalid("score_models: " + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  @Override
  public void take_over(List<org.dhtfl.thrift.Handoff> items) throws InvalidRequest {
    fromMember("take_over");
    try {
      List<HandedJob> handed = new java.util.ArrayList<>();
      for (org.dhtfl.thrift.Handoff item : items == null ? List.<org.dhtfl.thrift.Handoff>of() : items) {
        JobKey key = item.isSetKey() ? JobWire.fromThrift(item.getKey()) : JobKey.reference(item.getFilename());
        Optional<JobRequest> pending = item.isSetJob() ? Optional.of(JobWire.fromThrift(item.getJob()))
            : Optional.empty();
        pending.ifPresent(TrainingSpecs::check);
        JobResult result = item.isSetResult()
            ? TrainingSpecs.checkResult(JobWire.fromThrift(key.filename(), item.getResult()))
            : JobResult.waiting(key.filename(), chord.self().id());
        handed.add(new HandedJob(key, result, pending));
      }
      int queued = files.takeOver(handed);
      LOG.info("a leaving predecessor offered {} jobs and results: its results are here as copies, {} put_data "
          + "files are queued here, the client sends its other jobs again", handed.size(), queued);
    } catch (IllegalArgumentException e) {
      throw invalid("take_over: " + e.getMessage());
    }
  }

  // ------------------------------------------------------------ helpers

  private org.dhtfl.chord.Lookup route(long key) throws InvalidRequest, Unavailable {
    try {
      return chord.lookup(chord.space().check(key, "key"));
    } catch (IllegalArgumentException e) {
      throw invalid(e.getMessage());
    } catch (LookupFailedException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  private NodeRef resolve(int nodeId) {
    chord.space().check(nodeId, "node id");
    return directory.apply(nodeId)
        .orElseThrow(() -> new IllegalArgumentException("node id " + nodeId + " is not a known member"));
  }

  /**
   * Refuses a ring-internal call from anything but a node's certificate (with TLS) and from a host
   * where no admitted member serves: a process that is no member cannot move pointers, keys or
   * results.
   */
  private void fromMember(String method) throws InvalidRequest {
    allow(method, Callers.NODES);
    Optional<java.net.InetAddress> caller = CallContext.peer();
    if (caller.isPresent() && !memberHost.test(caller.get())) {
      throw invalid(method + ": " + caller.get().getHostAddress() + " is no member's host; ring-internal calls "
          + "come only from the ring's members");
    }
  }

  /** Refuses the call, naming the method and the caller's role, when its certificate is of none of {@code roles}. */
  private static void allow(String method, Set<Role> roles) throws InvalidRequest {
    Optional<String> refusal = Callers.refusal(method, roles);
    if (refusal.isPresent()) {
      throw invalid(refusal.get());
    }
  }

  /**
   * For a call that cannot answer with a refusal (no declared exception, or oneway): whether it is
   * refused, logged with its reason.
   */
  private static boolean refusedQuietly(String method, Set<Role> roles) {
    Optional<String> refusal = Callers.refusal(method, roles);
    refusal.ifPresent(ComputeNodeHandler::invalid);
    return refusal.isPresent();
  }

  /** The node, when the caller is that node itself (with TLS: a node offers only itself); else the call is refused. */
  private static NodeRef itself(String method, NodeRef node) throws InvalidRequest {
    Optional<String> refusal = Callers.refusalUnlessNode(method, node.host(), node.port());
    if (refusal.isPresent()) {
      throw invalid(refusal.get());
    }
    return node;
  }

  /** The node, when the supernode admitted it; else the call is refused naming it. */
  private NodeRef admitted(NodeRef node) {
    if (!node.sameAs(chord.self()) && !admitted.test(node)) {
      throw new IllegalArgumentException("node " + node + " is not a member the supernode admitted");
    }
    return node;
  }

  /** A refused request, logged once here with the caller's address. */
  private static InvalidRequest invalid(String message) {
    LOG.warn("refused a request from {}: {}",
        CallContext.peer().map(java.net.InetAddress::getHostAddress).orElse("an unknown peer"), message);
    return new InvalidRequest(message);
  }

  private static Model failed(String reason) {
    Model model = new Model();
    model.setStatus(compute_nodeConstants.STATUS_FAILED);
    model.setReason(reason);
    return model;
  }
}
