package org.dhtfl.node.thrift;

import static org.dhtfl.node.thrift.WireErrors.failed;
import static org.dhtfl.node.thrift.WireErrors.local;
import static org.dhtfl.node.thrift.WireErrors.routed;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.HandedJob;
import org.dhtfl.node.JobService;
import org.dhtfl.node.ReadProof;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingPrinter;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Neighbours;
import org.dhtfl.thrift.RingState;
import org.dhtfl.thrift.Unavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The compute node's Thrift face (with {@link OwnerCallsHandler}): converts structs, calls the Chord
 * node or the job service, maps failures to the IDL's exceptions ({@link WireErrors}; get_model
 * answers "failed" with the reason). Callers are checked before a call gets here ({@link NodeCallers}).
 */
public final class ComputeNodeHandler extends OwnerCallsHandler {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ChordNode chord;
  private final JobService files;
  private final IntFunction<Optional<NodeRef>> directory;
  private final Predicate<NodeRef> admitted;
  private final Supplier<List<NodeRef>> positions;

  /** A node whose process holds one position on the ring. */
  public ComputeNodeHandler(ChordNode chord, JobService files, IntFunction<Optional<NodeRef>> directory,
      Predicate<NodeRef> admitted) {
    this(chord, files, directory, admitted, List::of);
  }

  /**
   * @param directory finds a node's address from its ID, for the reference's methods that carry only IDs
   * @param admitted whether the supernode admitted a node; ring pointers are adopted only for those
   * @param positions the positions of the node's process (--virtual), for its ring state; none when one
   */
  public ComputeNodeHandler(ChordNode chord, JobService files, IntFunction<Optional<NodeRef>> directory,
      Predicate<NodeRef> admitted, Supplier<List<NodeRef>> positions) {
    super(files);
    this.chord = chord;
    this.files = files;
    this.directory = directory;
    this.admitted = admitted;
    this.positions = positions;
  }

  // ------------------------------------------------------------ reference: files

  @Override
  public void put_data(String filename) {
    try {
      files.put(filename);
    } catch (IllegalArgumentException | FileRouter.RoutingException e) {
      LOG.warn("put_data {}: {}", filename == null ? "(none)" : org.dhtfl.jobs.FileNames.printable(filename), e.getMessage());
    }
  }

  @Override
  public Model get_model(String filename) {
    try {
      return JobWire.toReference(files.get(filename));
    } catch (IllegalArgumentException | FileRouter.RoutingException e) {
      return failed(e.getMessage());
    }
  }

  // ------------------------------------------------------------ reference: ring, by ID

  @Override
  public void fix_fingers() {
    chord.fixFingers();
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
    local("", () -> {
      chord.space().checkFingerIndex(index);
      chord.updateFinger(resolve(nodeId), index);
      return null;
    });
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
    return local("", () -> {
      NodeRef candidate = resolve(nodeId);
      chord.notify(candidate);
      return chord.predecessor().map(candidate::sameAs).orElse(false);
    });
  }

  @Override
  public int closest_preceding_node(int nodeId) throws InvalidRequest {
    RouteStep step = local("", () -> chord.routeStep(nodeId));
    return step.preceding().isEmpty() ? chord.self().id() : step.preceding().get(0).id();
  }

  /** The reference's argument-less set_successor: run one stabilization round now. */
  @Override
  public void set_successor() {
    chord.stabilize();
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
    return ChordWire.toThrift(local("", () -> chord.routeStep(key)));
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
    local("notify: ", () -> {
      chord.notify(admitted(Convert.fromThrift(candidate)));
      return null;
    });
  }

  @Override
  public void update_finger(org.dhtfl.thrift.NodeRef node, int index) throws InvalidRequest {
    local("update_finger: ", () -> {
      chord.updateFinger(admitted(Convert.fromThrift(node)), index);
      return null;
    });
  }

  @Override
  public RingState get_ring_state() {
    return JobWire.withHeld(Convert.toThrift(chord.state().withPositions(positions.get())), files.overview());
  }

  @Override
  public void leaving(Leaving leaving) throws InvalidRequest {
    local("leaving: ", () -> {
      if (leaving == null) {
        throw new IllegalArgumentException("no leaver named");
      }
      NodeRef leaver = Convert.fromThrift(leaving.getLeaver());
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
      return null;
    });
  }

  // ------------------------------------------------------------ dhtfl: files and jobs

  @Override
  public void deliver(String filename, List<Integer> path) throws InvalidRequest, Unavailable {
    routed("deliver: ", () -> {
      files.accept(filename, hops(path));
      return null;
    });
  }

  @Override
  public String submit_job(org.dhtfl.thrift.Job job, List<Integer> path) throws InvalidRequest, Unavailable {
    return routed("submit_job: ", () -> {
      JobRequest request = JobWire.fromThrift(job);
      TrainingSpecs.check(request);
      return files.submit(request, hops(path)).wireName();
    });
  }

  @Override
  public Model job_result(org.dhtfl.thrift.JobKey key, List<Integer> path, String runSecret)
      throws InvalidRequest, Unavailable {
    return routed("job_result: ",
        () -> JobWire.toThrift(files.result(JobWire.fromThrift(key), JobWire.secret(runSecret), hops(path))));
  }

  @Override
  public void store_replica(org.dhtfl.thrift.JobKey key, Model result, String copyToken) throws InvalidRequest {
    local("store_replica: ", () -> {
      JobKey job = JobWire.fromThrift(key);   // a hint that a result exists: the owner's result is pulled
      TrainingSpecs.checkResult(JobWire.fromThrift(job.filename(), result));
      files.storeReplica(job, JobWire.copyToken(copyToken).orElse(new byte[0]));
      return null;
    });
  }

  @Override
  public Model held(org.dhtfl.thrift.JobKey key, String runSecret, String copyToken) throws InvalidRequest {
    return local("held: ", () -> JobWire.toThrift(files.localResult(JobWire.fromThrift(key),
        new ReadProof(JobWire.secret(runSecret), JobWire.copyToken(copyToken)))));
  }

  // ------------------------------------------------------------ dhtfl: classifier calibration

  @Override
  public org.dhtfl.thrift.FileStatistics class_statistics(org.dhtfl.thrift.FileQuery query, List<Integer> path)
      throws InvalidRequest, Unavailable {
    return routed("class_statistics: ",
        () -> QueryWire.statistics(files.statistics(QueryWire.fromThrift(query), hops(path))));
  }

  @Override
  public org.dhtfl.thrift.FileScores score_models(org.dhtfl.thrift.FileQuery query, List<Integer> path)
      throws InvalidRequest, Unavailable {
    return routed("score_models: ", () -> QueryWire.scores(files.scores(QueryWire.fromThrift(query), hops(path))));
  }

  @Override
  public void take_over(List<org.dhtfl.thrift.Handoff> items) throws InvalidRequest {
    local("take_over: ", () -> {
      List<HandedJob> handed = HandoffWire.fromThrift(items, chord.self().id());
      int queued = files.takeOver(handed);
      LOG.info("a leaving predecessor offered {} jobs and results: its results are here as copies, {} put_data "
          + "files are queued here, the client sends its other jobs again", handed.size(), queued);
      return null;
    });
  }

  // ------------------------------------------------------------ helpers

  private org.dhtfl.chord.Lookup route(long key) throws InvalidRequest, Unavailable {
    return routed("", () -> chord.lookup(chord.space().check(key, "key")));
  }

  /** The hops a routed call has taken so far; a caller that sends none is the first. */
  private static List<Integer> hops(List<Integer> path) {
    return path == null ? List.of() : path;
  }

  private NodeRef resolve(int nodeId) {
    chord.space().check(nodeId, "node id");
    return directory.apply(nodeId)
        .orElseThrow(() -> new IllegalArgumentException("node id " + nodeId + " is not a known member"));
  }

  /** The node, when the supernode admitted it; else the call is refused naming it. */
  private NodeRef admitted(NodeRef node) {
    if (!node.sameAs(chord.self()) && !admitted.test(node)) {
      throw new IllegalArgumentException("node " + node + " is not a member the supernode admitted");
    }
    return node;
  }
}
