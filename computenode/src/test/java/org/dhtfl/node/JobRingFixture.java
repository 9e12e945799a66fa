package org.dhtfl.node;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.JoinException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference ring 6, 19, 51 in a simulated network, each node with its own data directory, job
 * executor and job service; the nodes reach one another by calling each other's job service
 * directly, and every such call is recorded as a {@link Hop}.
 */
abstract class JobRingFixture {

  static final Duration DEADLINE = Duration.ofSeconds(20);
  static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));
  /** Every owner copies its results to its first two successors. */
  static final int REPLICAS = 2;
  /** Key 58 (SHA-1 mod 64), owned by node 6 in the reference ring 6, 19, 51. */
  static final String FILE = "zx0uRKUQj5";
  /** The secret of the run the tests' jobs belong to. */
  static final RunSecret SECRET = RunSecret.of("the-secret-of-the-job-ring-fixture-run");
  static final JobKey JOB = new JobKey(SECRET.runId(), 1, FILE);

  /** One call a node made to another node: what, to whom, for which file or job, and the path it carried. */
  record Hop(String kind, int to, String job, List<Integer> path) {
  }

  @TempDir
  Path data;

  final RingSimulation sim = new RingSimulation(6, 3, 1);
  final Map<Integer, JobExecutor> jobs = new ConcurrentHashMap<>();
  final Map<Integer, JobService> services = new ConcurrentHashMap<>();
  final List<Hop> hops = new CopyOnWriteArrayList<>();
  final AtomicInteger drains = new AtomicInteger();

  /**
   * Reaches another node by calling its job service directly, as the Thrift calls would; a node that
   * crashed in the simulated network does not answer.
   */
  final JobPeers direct = new JobPeers() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      JobService service = reach(owner);
      hops.add(new Hop("deliver", owner.id(), filename, path));
      service.accept(filename, path);
    }

    @Override
    public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      JobService service = reach(owner);
      hops.add(new Hop("submit", owner.id(), request.key().toString(), path));
      return service.submit(request, path);
    }

    @Override
    public JobResult result(NodeRef owner, JobKey key, Optional<RunSecret> secret, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      JobService service = reach(owner);
      hops.add(new Hop("result", owner.id(), key.toString(), path));
      return service.result(key, secret, path);
    }

    @Override
    public JobResult localResult(NodeRef node, JobKey key, ReadProof proof) throws PeerException {
      JobService service = reach(node);
      hops.add(new Hop("held", node.id(), key.toString(), List.of()));
      return service.localResult(key, proof);
    }

    @Override
    public void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken) throws PeerException {
      JobService service = reach(node);
      hops.add(new Hop("storeReplica", node.id(), key.toString(), List.of()));
      service.storeReplica(key, copyToken);
    }

    @Override
    public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      JobService service = reach(owner);
      hops.add(new Hop("statistics", owner.id(), query.filename(), path));
      return service.statistics(query, path);
    }

    @Override
    public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      JobService service = reach(owner);
      hops.add(new Hop("scores", owner.id(), query.filename(), path));
      return service.scores(query, path);
    }
  };

  JobService reach(NodeRef node) throws PeerException {
    if (!sim.network().isUp(node.id())) {
      throw new PeerException(node + " is down");
    }
    return services.get(node.id());
  }

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      join(id);
    }
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(JobExecutor::close);
  }

  /** Adds a node with its own data directory, job executor (one worker) and job service. */
  void join(int id) throws JoinException, IOException {
    ChordNode node = sim.addNode(id);
    JobExecutor trainer = new JobExecutor(DataSource.directory(Files.createDirectories(dir(id))),
        JobExecutor.boundedPool(1, 100), new ResultStore(id));
    jobs.put(id, trainer);
    services.put(id, new JobService(node, trainer, direct, Specs.of(FAST), REPLICAS, Runnable::run));
  }

  Path dir(int id) {
    return data.resolve("node-" + id);
  }

  static String letters() {
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < 30; r++) {
      for (int f = 0; f < 16; f++) {
        text.append((r * 7 + f * 3) % 16).append(',');
      }
      text.append(r % 26).append('\n');
    }
    return text.toString();
  }

  static byte[] letterBytes() {
    return letters().getBytes(StandardCharsets.US_ASCII);
  }

  void fileAt(int id, String name) throws IOException {
    Files.writeString(dir(id).resolve(name), letters(), StandardCharsets.US_ASCII);
  }

  void fileEverywhere(String name) throws IOException {
    for (int id : jobs.keySet()) {
      fileAt(id, name);
    }
  }

  static JobRequest carrying(JobKey key) {
    return new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.of(letterBytes())).withSecret(SECRET);
  }

  static JobRequest withoutData(JobKey key) {
    return new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.empty()).withSecret(SECRET);
  }

  int idealOwner(String filename) {
    return new IdealRing(sim.space(), services.keySet()).successorOf(sim.space().keyOf(filename));
  }

  /** The nodes that took the job themselves (a copy names the node that trained it). */
  List<Integer> nodesThatTook(JobKey key) {
    return jobs.entrySet().stream().filter(e -> {
      JobResult result = e.getValue().results().get(key);
      return result.status() != JobStatus.NOT_FOUND && result.trainedBy().equals(OptionalInt.of(e.getKey()));
    }).map(Map.Entry::getKey).sorted().toList();
  }

  /** The nodes that hold anything for the job: their own job, or a copy. */
  List<Integer> nodesHolding(JobKey key) {
    return jobs.entrySet().stream().filter(e -> e.getValue().results().get(key).status() != JobStatus.NOT_FOUND)
        .map(Map.Entry::getKey).sorted().toList();
  }

  JobResult finishedAt(int id, JobKey key) {
    return await().atMost(DEADLINE).until(() -> jobs.get(id).results().get(key), r -> r.status() != JobStatus.WAIT);
  }

  /**
   * Waits until node {@code id} has finished every job queued before now, copies to its
   * successors included: its one worker runs jobs in order, so a marker job queued last finishes
   * after them.
   */
  void drain(int id) {
    JobKey marker = new JobKey("drain", drains.incrementAndGet(), "marker");
    jobs.get(id).submit(carrying(marker), false);
    finishedAt(id, marker);
  }

  List<Hop> hopsOf(String kind, JobKey key) {
    return hops.stream().filter(h -> h.kind().equals(kind) && h.job().equals(key.toString())).toList();
  }
}
