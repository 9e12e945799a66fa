package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
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
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.node.TrainingJobs.Held;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRouterTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));
  /** Every owner copies its results to its first two successors. */
  private static final int REPLICAS = 2;
  /** Key 58 (SHA-1 mod 64), owned by node 6 in the reference ring 6, 19, 51. */
  private static final String FILE = "zx0uRKUQj5";
  private static final JobKey JOB = new JobKey("run-1", 1, FILE);

  /** One call the router made to another node: what, to whom, for which file or job, and the path it carried. */
  private record Hop(String kind, int to, String job, List<Integer> path) {
  }

  @TempDir
  Path data;

  private final RingSimulation sim = new RingSimulation(6, 3, 1);
  private final Map<Integer, TrainingJobs> jobs = new ConcurrentHashMap<>();
  private final Map<Integer, FileRouter> routers = new ConcurrentHashMap<>();
  private final List<Hop> hops = new CopyOnWriteArrayList<>();
  private final AtomicInteger drains = new AtomicInteger();

  /**
   * Reaches another node by calling its router directly, as the Thrift calls would; a node that
   * crashed in the simulated network does not answer.
   */
  private final JobPeers direct = new JobPeers() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      FileRouter router = reach(owner);
      hops.add(new Hop("deliver", owner.id(), filename, path));
      router.accept(filename, path);
    }

    @Override
    public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      FileRouter router = reach(owner);
      hops.add(new Hop("submit", owner.id(), request.key().toString(), path));
      return router.submit(request, path);
    }

    @Override
    public JobResult result(NodeRef owner, JobKey key, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      FileRouter router = reach(owner);
      hops.add(new Hop("result", owner.id(), key.toString(), path));
      return router.result(key, path);
    }

    @Override
    public JobResult held(NodeRef node, JobKey key) throws PeerException {
      FileRouter router = reach(node);
      hops.add(new Hop("held", node.id(), key.toString(), List.of()));
      return router.held(key);
    }

    @Override
    public void storeReplica(NodeRef node, JobKey key, JobResult result) throws PeerException {
      FileRouter router = reach(node);
      hops.add(new Hop("storeReplica", node.id(), key.toString(), List.of()));
      router.storeReplica(key);
    }

    @Override
    public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      FileRouter router = reach(owner);
      hops.add(new Hop("statistics", owner.id(), query.filename(), path));
      return router.statistics(query, path);
    }

    @Override
    public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      FileRouter router = reach(owner);
      hops.add(new Hop("scores", owner.id(), query.filename(), path));
      return router.scores(query, path);
    }
  };

  private FileRouter reach(NodeRef node) throws PeerException {
    if (!sim.network().isUp(node.id())) {
      throw new PeerException(node + " is down");
    }
    return routers.get(node.id());
  }

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      join(id);
    }
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(TrainingJobs::close);
  }

  /** Adds a node with its own data directory, TrainingJobs (one worker) and router. */
  private void join(int id) throws JoinException, IOException {
    ChordNode node = sim.addNode(id);
    TrainingJobs trainer = new TrainingJobs(DataSource.directory(Files.createDirectories(dir(id))),
        TrainingJobs.boundedPool(1, 100));
    trainer.nodeId(id);
    jobs.put(id, trainer);
    routers.put(id, new FileRouter(node, trainer, direct, Specs.of(FAST), REPLICAS, Runnable::run));
  }

  private Path dir(int id) {
    return data.resolve("node-" + id);
  }

  private static String letters() {
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < 30; r++) {
      for (int f = 0; f < 16; f++) {
        text.append((r * 7 + f * 3) % 16).append(',');
      }
      text.append(r % 26).append('\n');
    }
    return text.toString();
  }

  private static byte[] letterBytes() {
    return letters().getBytes(StandardCharsets.US_ASCII);
  }

  private void fileAt(int id, String name) throws IOException {
    Files.writeString(dir(id).resolve(name), letters(), StandardCharsets.US_ASCII);
  }

  private void fileEverywhere(String name) throws IOException {
    for (int id : jobs.keySet()) {
      fileAt(id, name);
    }
  }

  private static JobRequest carrying(JobKey key) {
    return new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.of(letterBytes()));
  }

  private static JobRequest withoutData(JobKey key) {
    return new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.empty());
  }

  private int idealOwner(String filename) {
    return new IdealRing(sim.space(), routers.keySet()).successorOf(sim.space().keyOf(filename));
  }

  /** The nodes that took the job themselves (a copy names the node that trained it). */
  private List<Integer> nodesThatTook(JobKey key) {
    return jobs.entrySet().stream().filter(e -> {
      JobResult result = e.getValue().status(key);
      return result.status() != JobStatus.NOT_FOUND && result.trainedBy().equals(OptionalInt.of(e.getKey()));
    }).map(Map.Entry::getKey).sorted().toList();
  }

  /** The nodes that hold anything for the job: their own job, or a copy. */
  private List<Integer> nodesHolding(JobKey key) {
    return jobs.entrySet().stream().filter(e -> e.getValue().status(key).status() != JobStatus.NOT_FOUND)
        .map(Map.Entry::getKey).sorted().toList();
  }

  private JobResult finishedAt(int id, JobKey key) {
    return await().atMost(DEADLINE).until(() -> jobs.get(id).status(key), r -> r.status() != JobStatus.WAIT);
  }

  /**
   * Waits until node {@code id} has finished every job queued before now, copies to its
   * successors included: its one worker runs jobs in order, so a marker job queued last finishes
   * after them.
   */
  private void drain(int id) {
    JobKey marker = new JobKey("drain", drains.incrementAndGet(), "marker");
    jobs.get(id).submit(carrying(marker), false);
    finishedAt(id, marker);
  }

  private List<Hop> hopsOf(String kind, JobKey key) {
    return hops.stream().filter(h -> h.kind().equals(kind) && h.job().equals(key.toString())).toList();
  }

  // ------------------------------------------------------------ the reference's put_data / get_model

  @Test
  void theReferenceFileIsRoutedFrom19Through51ToItsOwner6() throws Exception {
    fileEverywhere(FILE);

    routers.get(19).put(FILE);

    assertThat(nodesThatTook(JobKey.reference(FILE))).containsExactly(6);
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver"))
        .containsExactly(new Hop("deliver", 6, FILE, List.of(19, 51, 6)));
  }

  @Test
  void aPutFromAnyNodeEndsAtTheIdealOwner() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add("file" + i);
      fileEverywhere("file" + i);
    }

    for (int i = 0; i < names.size(); i++) {
      int from = List.of(19, 51, 6).get(i % 3);
      routers.get(from).put(names.get(i));
    }

    for (String name : names) {
      assertThat(nodesThatTook(JobKey.reference(name))).as(name).containsExactly(idealOwner(name));
    }
  }

  @Test
  void aPutOfAFileTheEntryNodeOwnsStaysThereWithoutAHop() throws Exception {
    String name = "file0";
    int owner = idealOwner(name);
    fileEverywhere(name);

    routers.get(owner).put(name);

    assertThat(nodesThatTook(JobKey.reference(name))).containsExactly(owner);
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver")).isEmpty();
  }

  @Test
  void acceptOnANodeThatIsNotResponsibleForwardsToTheOwner() throws Exception {
    fileEverywhere(FILE);

    routers.get(19).accept(FILE, List.of(51));

    assertThat(nodesThatTook(JobKey.reference(FILE))).containsExactly(6);
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver"))
        .containsExactly(new Hop("deliver", 6, FILE, List.of(51, 19)));
  }

  @Test
  void aPutOfAFileTheOwnerDoesNotHaveIsAFailedJobNamingTheFile() throws Exception {
    fileAt(19, FILE);

    routers.get(19).put(FILE);
    JobResult answer = routers.get(51).get(FILE);

    assertThat(answer.status()).isEqualTo(JobStatus.FAILED);
    assertThat(answer.reason()).contains("no file " + FILE);
    assertThat(answer.trainedBy()).hasValue(6);
  }

  @Test
  void aResultAskedOfANodeThatIsNotResponsibleComesFromTheOwner() throws Exception {
    fileAt(6, FILE);
    routers.get(6).put(FILE);
    JobResult atOwner = finishedAt(6, JobKey.reference(FILE));

    JobResult answer = routers.get(51).result(JobKey.reference(FILE), List.of(19));

    assertThat(answer).isEqualTo(atOwner);
    assertThat(answer.trainedBy()).hasValue(6);
    assertThat(hops).filteredOn(h -> h.kind().equals("result"))
        .containsExactly(new Hop("result", 6, "put_data/1/" + FILE, List.of(19, 51)));
  }

  @Test
  void getReturnsTheOwnersStatusFromEveryNode() throws Exception {
    fileAt(6, FILE);
    routers.get(19).put(FILE);
    JobResult atOwner = finishedAt(6, JobKey.reference(FILE));

    List<JobResult> answers = new ArrayList<>();
    for (int from : new int[] {19, 51, 6}) {
      answers.add(routers.get(from).get(FILE));
    }

    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answers).containsOnly(atOwner);
    assertThat(hops).filteredOn(h -> h.kind().equals("result")).extracting(Hop::to).containsOnly(6);
  }

  @Test
  void getOfAFileNobodyWasGivenIsTheOwnersNotFoundOnceItsSuccessorsHaveNothingEither() throws Exception {
    JobResult answer = routers.get(19).get(FILE);

    assertThat(answer.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(answer.reason()).isEqualTo("node 6 has no job put_data/1/" + FILE);
    assertThat(hopsOf("held", JobKey.reference(FILE))).extracting(Hop::to).containsExactly(19, 51);
  }

  @Test
  void keysAreSha1OfTheFileNameModTwoToTheM() {
    assertThat(routers.get(19).keyOf(FILE)).isEqualTo(58);
  }

  @Test
  void aBadNameFailsWithIllegalArgumentException() {
    FileRouter router = routers.get(19);

    assertThatThrownBy(() -> router.put("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'../etc/passwd' is not a plain file name");
    assertThatThrownBy(() -> router.get("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file name is empty");
    assertThatThrownBy(() -> router.accept("a/b", List.of(19))).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'a/b' is not a plain file name");
    assertThat(hops).isEmpty();
  }

  @Test
  void anOwnerThatNeverAnswersIsReportedWithTheLastFailure() {
    ChordNode n19 = sim.liveNodes().stream().filter(n -> n.self().id() == 19).findFirst().orElseThrow();
    FileRouter cutOff = new FileRouter(n19, jobs.get(19), new UnreachablePeers(), Specs.of(FAST), REPLICAS,
        Runnable::run);

    assertThatThrownBy(() -> cutOff.put(FILE)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.get(FILE)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.submit(carrying(JOB), List.of())).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.result(JOB, List.of())).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
  }

  @Test
  void aRequestPassedOnByMoreThanSixteenNodesIsRefused() {
    List<Integer> path = Collections.nCopies(17, 51);

    assertThatThrownBy(() -> routers.get(19).accept(FILE, path)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessageStartingWith("key 58 went through 51 -> 51").hasMessageEndingWith(" without settling");
    assertThat(hops).isEmpty();
  }

  // ------------------------------------------------------------ jobs of federated runs

  @Test
  void aJobSubmittedAnywhereIsTrainedByItsOwnerFromTheDataItCarries() throws Exception {
    SubmitAnswer answer = routers.get(19).submit(carrying(JOB), List.of());
    JobResult atOwner = finishedAt(6, JOB);

    JobResult fromElsewhere = routers.get(51).result(JOB, List.of());

    assertThat(answer).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(hopsOf("submit", JOB)).containsExactly(new Hop("submit", 6, JOB.toString(), List.of(19, 51, 6)));
    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(atOwner.rows()).isEqualTo(30);
    assertThat(fromElsewhere).isEqualTo(atOwner);
    assertThat(nodesThatTook(JOB)).containsExactly(6);
  }

  @Test
  void aJobWithoutDataIsTrainedFromTheOwnersOwnFile() throws Exception {
    fileAt(6, FILE);

    SubmitAnswer answer = routers.get(19).submit(withoutData(JOB), List.of());
    JobResult atOwner = finishedAt(6, JOB);

    assertThat(answer).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aJobWithoutDataForAnOwnerWithoutTheFileAnswersNeedData() throws Exception {
    fileAt(19, FILE);

    SubmitAnswer answer = routers.get(19).submit(withoutData(JOB), List.of());

    assertThat(answer).isEqualTo(SubmitAnswer.NEED_DATA);
    assertThat(nodesHolding(JOB)).isEmpty();
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
  }

  @Test
  void aFinishedJobsResultIsCopiedToTheOwnersFirstSuccessorsOnly() throws Exception {
    join(30);
    join(40);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    routers.get(19).submit(carrying(JOB), List.of());
    drain(6);

    JobResult atOwner = jobs.get(6).status(JOB);
    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(nodesHolding(JOB)).containsExactly(6, 19, 30);
    assertThat(jobs.get(19).status(JOB)).isEqualTo(atOwner);
    assertThat(jobs.get(30).status(JOB)).isEqualTo(atOwner);
    assertThat(hopsOf("storeReplica", JOB)).extracting(Hop::to).containsExactly(19, 30);
  }

  @Test
  void afterTheOwnerCrashesTheNextOwnerAnswersFromItsCopy() throws Exception {
    routers.get(19).submit(carrying(JOB), List.of());
    drain(6);
    JobResult trained = jobs.get(6).status(JOB);

    sim.crash(6);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    JobResult answer = routers.get(51).result(JOB, List.of());

    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(answer.trainedBy()).hasValue(6);
    assertThat(hopsOf("result", JOB)).containsExactly(new Hop("result", 19, JOB.toString(), List.of(51, 19)));
    assertThat(jobs.get(19).pending()).isZero();
  }

  @Test
  void afterANodeJoinsInFrontOfTheOwnerTheNewOwnerFindsTheResultAtItsSuccessor() throws Exception {
    routers.get(19).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);

    join(60);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    hops.clear();

    JobResult answer = routers.get(19).result(JOB, List.of());

    assertThat(idealOwner(FILE)).isEqualTo(60);
    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(hopsOf("result", JOB)).extracting(Hop::to).containsExactly(60);
    assertThat(hopsOf("held", JOB)).extracting(Hop::to).containsExactly(6);
    assertThat(jobs.get(60).status(JOB)).as("kept by the new owner").isEqualTo(trained);
  }

  @Test
  void afterTwoRingsMergeTheOwnerFindsTheResultTheOtherRingsOwnerTrainedBeyondItsCopies() throws Exception {
    for (int id : new int[] {59, 61, 63}) {
      join(id);
    }
    assertThat(sim.roundsUntilIdeal(20)).isNotNegative();
    // Node 6 alone, and 19, 51, 59, 61, 63: in its ring of one, 6 owns key 58 and trains the job.
    sim.split(java.util.Set.of(6));
    assertThat(sim.roundsUntilEachSideIdeal(20)).isNotNegative();
    routers.get(6).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);
    sim.heal();
    assertThat(sim.roundsUntilIdealWithUnification(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    hops.clear();

    JobResult answer = routers.get(19).result(JOB, List.of());

    assertThat(idealOwner(FILE)).isEqualTo(59);
    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(hopsOf("held", JOB)).as("61 and 63 keep 59's copies; 6 is its third successor")
        .extracting(Hop::to).containsExactly(61, 63, 6);
    assertThat(jobs.get(59).status(JOB)).as("kept by the owner, not trained again").isEqualTo(trained);
    assertThat(jobs.get(59).pending()).isZero();
  }

  @Test
  void aKeyTrainedOnBothSidesOfASplitKeepsTheOwnersFinishedResultAfterTheMerge() throws Exception {
    sim.split(java.util.Set.of(6));
    assertThat(sim.roundsUntilEachSideIdeal(20)).isNotNegative();
    // 19 owns key 58 in the ring of 19 and 51, 6 in its ring of one: each trains the job.
    routers.get(51).submit(carrying(JOB), List.of());
    routers.get(6).submit(carrying(JOB), List.of());
    JobResult at19 = finishedAt(19, JOB);
    JobResult at6 = finishedAt(6, JOB);
    sim.heal();
    assertThat(sim.roundsUntilIdealWithUnification(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    JobResult answer = routers.get(51).result(JOB, List.of());
    jobs.get(6).adopt(JOB, JobResult.waiting(FILE, 19));

    assertThat(at19.trainedBy()).hasValue(19);
    assertThat(at6.trainedBy()).hasValue(6);
    assertThat(answer).as("the owner's own result").isEqualTo(at6);
    assertThat(jobs.get(6).status(JOB)).as("never replaced by an unfinished one").isEqualTo(at6);
  }

  @Test
  void aJobSubmittedTwiceIsTrainedOnce() throws Exception {
    routers.get(19).submit(carrying(JOB), List.of());
    JobResult first = finishedAt(6, JOB);

    SubmitAnswer again = routers.get(51).submit(carrying(JOB), List.of());

    assertThat(first.status()).as(first.reason()).isEqualTo(JobStatus.DONE);
    assertThat(again).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(jobs.get(6).status(JOB)).isEqualTo(first);
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
  }

  @Test
  void aJobResubmittedAfterANodeJoinedInFrontOfItsOwnerIsNotTrainedAgain() throws Exception {
    routers.get(19).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);
    join(60);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    SubmitAnswer again = routers.get(19).submit(carrying(JOB), List.of());

    assertThat(again).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(hopsOf("submit", JOB)).extracting(Hop::to).containsExactly(6, 60);
    assertThat(jobs.get(60).pending()).isZero();
    assertThat(jobs.get(60).status(JOB)).isEqualTo(trained);
    assertThat(jobs.get(60).status(JOB).trainedBy()).hasValue(6);
  }

  @Test
  void heldAnswersWhatTheNodeItselfHoldsWithoutRouting() throws Exception {
    routers.get(19).submit(carrying(JOB), List.of());
    drain(6);
    hops.clear();

    JobResult atOwner = routers.get(6).held(JOB);
    JobResult copy = routers.get(19).held(JOB);
    JobResult unknown = routers.get(19).held(JobKey.reference(FILE));

    assertThat(atOwner.status()).isEqualTo(JobStatus.DONE);
    assertThat(copy).isEqualTo(atOwner);
    assertThat(unknown.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(hops).isEmpty();
  }

  @Test
  void takeOverBelievesNothingPushedAndTrainsOnlyPutDataFilesFromItsOwnFiles() throws Exception {
    JobKey finished = new JobKey("run-1", 1, "finished");
    JobKey pending = new JobKey("run-1", 1, "pending");
    JobKey putData = JobKey.reference("mine");
    fileAt(19, "mine");
    JobResult planted = JobResult.failed("finished", 6, "planted");

    int queued = routers.get(19).takeOver(List.of(
        new Held(finished, planted, Optional.empty()),
        new Held(pending, JobResult.waiting("pending", 6), Optional.of(carrying(pending))),
        new Held(putData, JobResult.waiting("mine", 6),
            Optional.of(new JobRequest(putData, Specs.of(FAST), Optional.empty(), Optional.empty())))));

    assertThat(queued).isEqualTo(1);
    assertThat(jobs.get(19).status(finished).status()).as("a pushed result is not kept")
        .isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).status(pending).status()).as("a pushed federated job is not trained: the client "
        + "sends it again").isEqualTo(JobStatus.NOT_FOUND);
    JobResult trained = finishedAt(19, putData);
    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(trained.trainedBy()).hasValue(19);
  }

  @Test
  void aReplicaIsPulledFromTheKeysOwnerNeverTakenFromTheCaller() throws Exception {
    int owner = idealOwner(JOB.filename());
    int other = List.of(19, 51, 6).stream().filter(id -> id != owner).findFirst().orElseThrow();

    // Nobody trained the job: a store_replica naming it is a plant, and nothing is kept.
    routers.get(other).storeReplica(JOB);
    assertThat(jobs.get(other).status(JOB).status()).isEqualTo(JobStatus.NOT_FOUND);

    // Once the owner has trained it, the same call makes the node pull the owner's result.
    routers.get(19).submit(carrying(JOB), List.of());
    JobResult real = finishedAt(owner, JOB);
    routers.get(other).storeReplica(JOB);
    assertThat(jobs.get(other).status(JOB)).isEqualTo(real);
  }
}
