package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.node.DataSource;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.JobPeers;
import org.dhtfl.node.Specs;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.node.JobService;
import org.dhtfl.node.ResultStore;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.node.UnreachablePeers;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.thrift.Handoff;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Job;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Unavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeNodeHandlerTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);
  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));
  /** Key 58, owned by node 6 in the reference ring 6, 19, 51. */
  private static final String FILE = "zx0uRKUQj5";
  private static final RunSecret SECRET = RunSecret.of("the-secret-of-the-handler-test-run");
  private static final JobKey JOB = new JobKey(SECRET.runId(), 1, FILE);

  @TempDir
  Path data;

  private final RingSimulation sim = new RingSimulation(6, 3, 1);
  private final Map<Integer, ChordNode> nodes = new HashMap<>();
  private final Map<Integer, JobExecutor> jobs = new HashMap<>();
  private final Map<Integer, JobService> routers = new HashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private ComputeNodeHandler handler19;

  /** Reaches another node by calling its router directly, as the Thrift calls would. */
  private final JobPeers direct = new JobPeers() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      calls.add("deliver to " + owner.id());
      routers.get(owner.id()).accept(filename, path);
    }

    @Override
    public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      calls.add("submit to " + owner.id());
      return routers.get(owner.id()).submit(request, path);
    }

    @Override
    public JobResult result(NodeRef owner, JobKey key, Optional<RunSecret> secret, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      calls.add("result from " + owner.id());
      return routers.get(owner.id()).result(key, secret, path);
    }

    @Override
    public JobResult localResult(NodeRef node, JobKey key, org.dhtfl.node.ReadProof proof) {
      calls.add("held at " + node.id());
      return routers.get(node.id()).localResult(key, proof);
    }

    @Override
    public void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken) {
      calls.add("copy to " + node.id());
      routers.get(node.id()).storeReplica(key, copyToken);
    }

    @Override
    public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      calls.add("statistics from " + owner.id());
      return routers.get(owner.id()).statistics(query, path);
    }

    @Override
    public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      calls.add("scores from " + owner.id());
      return routers.get(owner.id()).scores(query, path);
    }
  };

  private Optional<NodeRef> directory(int id) {
    return Optional.ofNullable(nodes.get(id)).map(ChordNode::self);
  }

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      ChordNode node = sim.addNode(id);
      JobExecutor trainer = new JobExecutor(DataSource.directory(data), JobExecutor.boundedPool(1, 100),
          new ResultStore(id));
      nodes.put(id, node);
      jobs.put(id, trainer);
      routers.put(id, new JobService(node, trainer, direct, Specs.of(FAST), 1, Runnable::run));
    }
    handler19 = new ComputeNodeHandler(nodes.get(19), routers.get(19), this::directory, node -> true);
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(JobExecutor::close);
  }

  private ComputeNodeHandler handler(int id) {
    return new ComputeNodeHandler(nodes.get(id), routers.get(id), this::directory, node -> true);
  }

  private static byte[] letters() {
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < 30; r++) {
      for (int f = 0; f < 16; f++) {
        rows.append((r * 5 + f) % 16).append(',');
      }
      rows.append(r % 26).append('\n');
    }
    return rows.toString().getBytes(StandardCharsets.US_ASCII);
  }

  private static Job carrying(JobKey key) {
    return JobWire.toThrift(new JobRequest(key, Specs.of(FAST), Optional.empty(), Optional.of(letters()))
        .withSecret(SECRET));
  }

  private static JobResult doneBy(String filename, int node) {
    return new JobResult(filename, JobStatus.DONE, Optional.of(TrainingSpecs.rows(Weights.zeros(ModelShape.mlp(16, 4, 26)))),
        0.25, 30, 2, 9, OptionalInt.of(node), 1, "glibc", "");
  }

  private Model finishedResult(ComputeNodeHandler handler, JobKey key) {
    return await().atMost(DEADLINE).until(() -> handler.job_result(JobWire.toThrift(key), null, SECRET.value()),
        m -> !m.getStatus().equals("wait"));
  }

  // ------------------------------------------------------------ reference: ring, by ID

  @Test
  void theReferenceRingQueriesAnswerWithNodeIds() throws Exception {
    assertThat(handler19.find_successor(58)).isEqualTo(6);
    assertThat(handler19.find_predecessor(58)).isEqualTo(51);
    assertThat(handler19.find_successor(19)).isEqualTo(19);
    assertThat(handler19.find_successor(20)).isEqualTo(51);
    assertThat(handler19.get_successor()).isEqualTo(51);
    assertThat(handler19.get_predecessor()).isEqualTo(6);
    assertThat(handler19.closest_preceding_node(58)).isEqualTo(51);
    assertThat(handler19.closest_preceding_node(20)).isEqualTo(19);
  }

  @Test
  void idsOutOfRangeAreInvalidRequestsSayingWhichAndWhy() {
    assertThatThrownBy(() -> handler19.find_successor(64)).isInstanceOf(InvalidRequest.class)
        .hasMessage("key 64 out of range 0..63");
    assertThatThrownBy(() -> handler19.find_predecessor(-1)).isInstanceOf(InvalidRequest.class)
        .hasMessage("key -1 out of range 0..63");
    assertThatThrownBy(() -> handler19.closest_preceding_node(64)).isInstanceOf(InvalidRequest.class)
        .hasMessage("key 64 out of range 0..63");
    assertThatThrownBy(() -> handler19.route_step(100)).isInstanceOf(InvalidRequest.class)
        .hasMessage("key 100 out of range 0..63");
    assertThatThrownBy(() -> handler19.lookup(-5)).isInstanceOf(InvalidRequest.class)
        .hasMessage("key -5 out of range 0..63");
    assertThatThrownBy(() -> handler19.update_finger_table(64, 0)).isInstanceOf(InvalidRequest.class)
        .hasMessage("node id 64 out of range 0..63");
    assertThatThrownBy(() -> handler19.update_finger_table(51, 6)).isInstanceOf(InvalidRequest.class)
        .hasMessage("finger index 6 out of range 0..5");
    assertThatThrownBy(() -> handler19.set_predecessor(64)).isInstanceOf(InvalidRequest.class)
        .hasMessage("node id 64 out of range 0..63");
  }

  @Test
  void anIdNoMemberHasIsAnInvalidRequest() {
    assertThatThrownBy(() -> handler19.set_predecessor(7)).isInstanceOf(InvalidRequest.class)
        .hasMessage("node id 7 is not a known member");
    assertThatThrownBy(() -> handler19.update_finger_table(7, 1)).isInstanceOf(InvalidRequest.class)
        .hasMessage("node id 7 is not a known member");
  }

  @Test
  void setPredecessorAnswersWhetherTheCandidateWasAdopted() throws Exception {
    assertThat(handler19.set_predecessor(51)).isFalse();
    assertThat(handler19.set_predecessor(6)).isTrue();
    assertThat(handler19.get_predecessor()).isEqualTo(6);
  }

  @Test
  void getPredecessorIsMinusOneWhenTheNodeDoesNotKnowIt() {
    sim.crash(6);
    nodes.get(19).checkPredecessor();

    int predecessor = handler19.get_predecessor();

    assertThat(predecessor).isEqualTo(-1);
  }

  // ------------------------------------------------------------ reference: files

  @Test
  void putDataSendsTheFileToItsOwner() {
    handler19.put_data(FILE);

    assertThat(jobs.get(6).results().get(JobKey.reference(FILE)).status()).isNotEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).results().get(JobKey.reference(FILE)).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(calls).containsExactly("deliver to 6");
  }

  @Test
  void putDataOfABadNameIsDroppedWithoutAnError() {
    handler19.put_data("../x");
    handler19.put_data(null);

    assertThat(calls).isEmpty();
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
  }

  @Test
  void getModelOfABadNameIsAFailedModelWithTheReason() {
    Model model = handler19.get_model("../x");

    assertThat(model.getStatus()).isEqualTo("failed");
    assertThat(model.getReason()).isEqualTo("'../x' is not a plain file name");
    assertThat(model.isSetV()).isFalse();
  }

  @Test
  void getModelOfAFileNobodyWasGivenIsTheOwnersNotFound() {
    Model model = handler19.get_model(FILE);

    assertThat(model.getStatus()).isEqualTo("not_found");
    assertThat(model.getReason()).isEqualTo("node 6 has no job put_data/1/" + FILE);
    assertThat(model.getTrained_by()).isEqualTo(6);
  }

  @Test
  void getModelAfterPutDataOfAFileNoNodeHasIsFailedNamingTheFile() {
    handler19.put_data("no-such-file");

    Model model = handler19.get_model("no-such-file");

    assertThat(model.getStatus()).isEqualTo("failed");
    assertThat(model.getReason()).contains("no file no-such-file");
  }

  @Test
  void getModelOfATrainedFileCarriesTheWeightChangeAndWhoTrainedIt() throws Exception {
    Files.write(data.resolve(FILE), letters());
    handler19.put_data(FILE);
    await().atMost(DEADLINE).until(() -> jobs.get(6).results().get(JobKey.reference(FILE)).status() != JobStatus.WAIT);

    Model model = handler19.get_model(FILE);

    assertThat(model.getStatus()).as(model.getReason()).isEqualTo("done");
    assertThat(model.getV()).hasSize(5).allSatisfy(row -> assertThat(row).hasSize(26));
    assertThat(model.getW()).hasSize(17).allSatisfy(row -> assertThat(row).hasSize(4));
    assertThat(model.getTrained_by()).isEqualTo(6);
    assertThat(model.getRows()).isEqualTo(30);
    assertThat(model.getEpochs()).isEqualTo(2);
    assertThat(model.getModel()).isEqualTo("mlp");
  }

  @Test
  void theRingStateCarriesTheJobsTheNodeHoldsItsOwnAndCopies() throws Exception {
    Files.write(data.resolve(FILE), letters());
    handler19.put_data(FILE);
    await().atMost(DEADLINE).until(() -> jobs.get(6).results().get(JobKey.reference(FILE)).status() != JobStatus.WAIT);

    List<HeldJob> held = JobWire.held(handler(6).get_ring_state());

    assertThat(held).containsExactly(new HeldJob(JobKey.reference(FILE), HeldJob.State.DONE, OptionalInt.of(6)));
    await("the copy at the successor").atMost(DEADLINE)
        .until(() -> JobWire.held(handler19.get_ring_state()).equals(held));
  }

  // ------------------------------------------------------------ dhtfl: files and jobs

  @Test
  void deliverOfABadNameIsAnInvalidRequest() {
    assertThatThrownBy(() -> handler19.deliver("..", List.of(51))).isInstanceOf(InvalidRequest.class)
        .hasMessage("deliver: '..' is not a plain file name");
  }

  @Test
  void deliverWithoutAPathIsAcceptedAsADirectDelivery() throws Exception {
    handler(6).deliver(FILE, null);

    assertThat(jobs.get(6).results().get(JobKey.reference(FILE)).status()).isNotEqualTo(JobStatus.NOT_FOUND);
    assertThat(calls).isEmpty();
  }

  @Test
  void submitJobRoutesTheJobToItsOwnerAndJobResultAnswersFromAnyNode() throws Exception {
    String answer = handler19.submit_job(carrying(JOB), null);

    Model fromEntry = finishedResult(handler19, JOB);
    Model fromOwner = handler(6).job_result(JobWire.toThrift(JOB), null, SECRET.value());

    assertThat(answer).isEqualTo("accepted");
    assertThat(calls).startsWith("submit to 6");
    assertThat(fromEntry.getStatus()).as(fromEntry.getReason()).isEqualTo("done");
    assertThat(fromEntry.getTrained_by()).isEqualTo(6);
    assertThat(JobWire.fromThrift(FILE, fromEntry).delta().orElseThrow().v()).hasDimensions(5, 26);
    assertThat(fromEntry).isEqualTo(fromOwner);
  }

  @Test
  void submitJobWithoutDataToAnOwnerWithoutTheFileAnswersNeedData() throws Exception {
    Job withoutData = JobWire.toThrift(new JobRequest(JOB, Specs.of(FAST), Optional.empty(), Optional.empty())
        .withSecret(SECRET));

    String answer = handler19.submit_job(withoutData, List.of());

    assertThat(answer).isEqualTo("need_data");
  }

  @Test
  void anInvalidJobIsAnInvalidRequestSayingWhy() {
    Job tooWide = carrying(JOB);
    tooWide.getSpec().setHidden(5000);

    assertThatThrownBy(() -> handler19.submit_job(null, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("submit_job: job is missing");
    assertThatThrownBy(() -> handler19.submit_job(tooWide, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("submit_job: hidden 5000 above the limit of 4096");
    assertThat(calls).isEmpty();
  }

  @Test
  void aJobOrResultReadWithoutTheRunsSecretOrWithAnotherRunsIsRefusedNamingTheRunNotTheSecret() {
    RunSecret other = RunSecret.of("the-secret-of-another-run-entirely-0002");
    Job bare = carrying(JOB);
    bare.unsetRun_secret();
    Job foreign = carrying(JOB).setRun_secret(other.value());
    Job retrain = carrying(JOB).setRun_secret(other.value()).setRetrain(true);
    String missing = "run " + JOB.runId() + " is open only with its secret, which only its client holds";
    String wrong = "run " + JOB.runId() + " is open only with its secret, and the secret given is another run's";

    assertThatThrownBy(() -> handler19.submit_job(bare, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("submit_job: " + missing);
    assertThatThrownBy(() -> handler19.submit_job(foreign, List.of(51))).isInstanceOf(InvalidRequest.class)
        .hasMessage("submit_job: " + wrong).hasMessageNotContaining(other.value());
    assertThatThrownBy(() -> handler19.submit_job(retrain, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("submit_job: " + wrong);
    assertThatThrownBy(() -> handler19.job_result(JobWire.toThrift(JOB), null, null))
        .isInstanceOf(InvalidRequest.class).hasMessage("job_result: " + missing);
    assertThatThrownBy(() -> handler(6).job_result(JobWire.toThrift(JOB), List.of(19), other.value()))
        .isInstanceOf(InvalidRequest.class).hasMessage("job_result: " + wrong);
    assertThat(calls).as("nothing reached another node").isEmpty();
    assertThat(jobs.get(6).results().get(JOB).status()).as("the owner took no job").isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void noSecretOpensTheReferenceRunToJobsWhileItsResultsAreReadWithoutOne() throws Exception {
    RunSecret any = RunSecret.of("a-secret-that-claims-the-put-data-run-03");
    Job planted = JobWire.toThrift(new JobRequest(JobKey.reference(FILE), Specs.of(FAST), Optional.empty(),
        Optional.of(letters())).withSecret(any));

    Model reference = handler19.job_result(JobWire.toThrift(JobKey.reference(FILE)), null, null);

    assertThatThrownBy(() -> handler19.submit_job(planted, null)).isInstanceOf(InvalidRequest.class)
        .hasMessageContaining("run put_data is open only with its secret");
    assertThat(reference.getStatus()).isEqualTo("not_found");
  }

  @Test
  void anInvalidJobKeyIsAnInvalidRequestSayingWhy() {
    org.dhtfl.thrift.JobKey badName = new org.dhtfl.thrift.JobKey("run-1", 1, "a/b");
    org.dhtfl.thrift.JobKey badRound = new org.dhtfl.thrift.JobKey("run-1", 0, FILE);

    assertThatThrownBy(() -> handler19.job_result(null, null, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("job_result: job key is missing");
    assertThatThrownBy(() -> handler19.job_result(badName, List.of(51), null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("job_result: 'a/b' is not a plain file name");
    assertThatThrownBy(() -> handler19.held(badRound, null, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("held: round 0 out of range 1..1000000");
    assertThatThrownBy(() -> handler19.store_replica(badRound, JobWire.toThrift(doneBy(FILE, 6)), null))
        .isInstanceOf(InvalidRequest.class).hasMessage("store_replica: round 0 out of range 1..1000000");
  }

  @Test
  void aStoredReplicaIsOnlyAHintAndAPlantedResultIsNotKept() throws Exception {
    ComputeNodeHandler handler51 = handler(51);

    handler51.store_replica(JobWire.toThrift(JOB), JobWire.toThrift(doneBy(FILE, 6)), null);

    assertThat(handler51.held(JobWire.toThrift(JOB), SECRET.value(), null).getStatus()).as("nobody trained the job").isEqualTo("not_found");
  }

  @Test
  void aMalformedReplicaIsAnInvalidRequest() {
    Model unknownStatus = new Model();
    unknownStatus.setStatus("bogus");
    Model doneWithoutWeights = new Model();
    doneWithoutWeights.setStatus("done");

    assertThatThrownBy(() -> handler19.store_replica(JobWire.toThrift(JOB), unknownStatus, null))
        .isInstanceOf(InvalidRequest.class).hasMessage("store_replica: unknown model status 'bogus'");
    assertThatThrownBy(() -> handler19.store_replica(JobWire.toThrift(JOB), doneWithoutWeights, null))
        .isInstanceOf(InvalidRequest.class).hasMessage("store_replica: V is missing");
    assertThat(jobs.get(19).results().get(JOB).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void aReplicaThatIsNoModelIsAnInvalidRequestAndNotKept() {
    Model notANumber = JobWire.toReference(doneBy(FILE, 6));
    notANumber.getW().get(2).set(3, Double.NaN);
    Model packedNotANumber = JobWire.toThrift(doneBy(FILE, 6));
    byte[] values = packedNotANumber.getPacked_V().getValues();
    java.nio.ByteBuffer.wrap(values).putDouble(0, Double.NEGATIVE_INFINITY);
    packedNotANumber.getPacked_V().setValues(values);
    Model unknownKind = JobWire.toThrift(doneBy(FILE, 6));
    unknownKind.setModel("cnn");

    assertThatThrownBy(() -> handler19.store_replica(JobWire.toThrift(JOB), notANumber, null))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("W[2][3]");
    assertThatThrownBy(() -> handler19.store_replica(JobWire.toThrift(JOB), packedNotANumber, null))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("V[0][0]");
    assertThatThrownBy(() -> handler19.store_replica(JobWire.toThrift(JOB), unknownKind, null))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("model kind 'cnn'");
    assertThat(jobs.get(19).results().get(JOB).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void heldOfAJobTheNodeNeverSawIsNotFoundNamingTheNode() throws Exception {
    Model model = handler19.held(JobWire.toThrift(JOB), SECRET.value(), null);

    assertThat(model.getStatus()).isEqualTo("not_found");
    assertThat(model.getReason()).isEqualTo("node 19 has no job " + JOB);
  }

  @Test
  void heldOfARunsKeyWithoutItsSecretOrACopyTokenIsAnInvalidRequestNamingTheRun() {
    assertThatThrownBy(() -> handler19.held(JobWire.toThrift(JOB), null, null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("held: run " + JOB.runId() + " is open only with its secret, which only its client holds");
    assertThatThrownBy(() -> handler19.held(JobWire.toThrift(JOB), null, "00".repeat(32)))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("is open only with its secret");
  }

  @Test
  void takeOverKeepsNoPushedResultAndTrainsNoPushedJob() throws Exception {
    JobKey finished = new JobKey("run-1", 1, "finished");
    JobKey pending = new JobKey("run-1", 1, "pending");
    Handoff withResult = new Handoff("finished");
    withResult.setKey(JobWire.toThrift(finished));
    withResult.setResult(JobWire.toThrift(doneBy("finished", 6)));
    Handoff withJob = new Handoff("pending");
    withJob.setKey(JobWire.toThrift(pending));
    withJob.setJob(carrying(pending));
    Handoff reference = new Handoff(FILE);
    reference.setResult(JobWire.toThrift(doneBy(FILE, 6)));

    handler19.take_over(List.of(withResult, withJob, reference));
    handler19.take_over(null);

    assertThat(jobs.get(19).results().get(finished).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).results().get(pending).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).results().get(JobKey.reference(FILE)).status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).pending()).isZero();
  }

  @Test
  void aMalformedHandoffIsAnInvalidRequest() {
    Handoff badName = new Handoff("../x");

    assertThatThrownBy(() -> handler19.take_over(List.of(badName))).isInstanceOf(InvalidRequest.class)
        .hasMessage("take_over: '../x' is not a plain file name");
  }

  @Test
  void anOwnerThatCannotBeReachedMakesDeliverSubmitAndResultUnavailable() {
    JobPeers down = new UnreachablePeers();
    ComputeNodeHandler handler = new ComputeNodeHandler(nodes.get(19),
        new JobService(nodes.get(19), jobs.get(19), down, Specs.of(FAST), 1, Runnable::run), this::directory,
        node -> true);

    assertThatThrownBy(() -> handler.deliver(FILE, List.of(51))).isInstanceOf(Unavailable.class)
        .hasMessage("owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> handler.submit_job(carrying(JOB), List.of(51))).isInstanceOf(Unavailable.class)
        .hasMessage("owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> handler.job_result(JobWire.toThrift(JOB), List.of(51), SECRET.value()))
        .isInstanceOf(Unavailable.class).hasMessage("owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> handler.job_result(JobWire.toThrift(JOB), null, SECRET.value()))
        .isInstanceOf(Unavailable.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
  }

  // ------------------------------------------------------------ dhtfl: classifier calibration

  private static final ModelShape SMALL = ModelShape.mlp(16, 4, 26);

  private static WeightRows weights(long seed) {
    return TrainingSpecs.rows(Weights.initial(SMALL, seed));
  }

  private static FileQuery query(List<WeightRows> models, Optional<byte[]> data) {
    return new FileQuery(FILE, "mlp", models, data).withSecret(SECRET);
  }

  private static Dataset lettersRows() throws Exception {
    return CsvData.parse(FILE, new java.io.StringReader(new String(letters(), StandardCharsets.US_ASCII)), 26);
  }

  @Test
  void classStatisticsRoutesToTheOwnerAndAnswersWhatTheRowsGiveUnderEachModel() throws Exception {
    FileQuery query = query(List.of(weights(1), weights(2)), Optional.of(letters()));

    FileAnswer<List<ClassSums>> answer = QueryWire.fromThrift(handler19.class_statistics(QueryWire.toThrift(query),
        null));

    assertThat(calls).containsExactly("statistics from 6");
    assertThat(answer.node()).hasValue(6);
    List<ClassSums> sent = answer.value().orElseThrow();
    assertThat(sent).hasSize(2);
    for (int m = 0; m < 2; m++) {
      ClassStatistics local = ClassStatistics.of(Weights.initial(SMALL, m + 1), lettersRows());
      ClassStatistics remote = ClassStatistics.of(sent.get(m).counts(), sent.get(m).sums(), sent.get(m).outer());
      assertThat(remote.rows()).isEqualTo(30);
      for (int k = 0; k < 26; k++) {
        assertThat(remote.count(k)).as("model %d class %d", m, k).isEqualTo(local.count(k));
        assertThat(remote.sum(k)).containsExactly(local.sum(k));
        assertThat(remote.outerProducts(k)).containsExactly(local.outerProducts(k));
      }
    }
  }

  @Test
  void scoreModelsCountsTheRowsEachModelClassifiesRight() throws Exception {
    Weights trained = Trainer.train(Weights.initial(SMALL, 1), lettersRows(),
        TrainingOptions.defaults().withEpochs(50).withEarlyStop(false)).trained();
    FileQuery query = query(List.of(weights(1), TrainingSpecs.rows(trained)), Optional.of(letters()));

    FileAnswer<ModelScores> answer = QueryWire.fromThrift(handler19.score_models(QueryWire.toThrift(query), null));

    assertThat(answer.node()).hasValue(6);
    assertThat(answer.value()).hasValue(new ModelScores(List.of(Trainer.correct(Weights.initial(SMALL, 1),
        lettersRows()), Trainer.correct(trained, lettersRows())), 30));
    assertThat(answer.value().get().correct().get(1)).isGreaterThan(answer.value().get().correct().get(0));
  }

  @Test
  void aQueryWithoutDataIsAnsweredFromTheOwnersOwnFileElseWithNeedData() throws Exception {
    FileQuery withoutData = query(List.of(weights(1)), Optional.empty());

    FileAnswer<ModelScores> before = QueryWire.fromThrift(handler19.score_models(QueryWire.toThrift(withoutData),
        null));
    Files.write(data.resolve(FILE), letters());
    FileAnswer<List<ClassSums>> after = QueryWire.fromThrift(
        handler19.class_statistics(QueryWire.toThrift(withoutData), null));

    assertThat(before.needsData()).isTrue();
    assertThat(before.node()).hasValue(6);
    assertThat(QueryWire.statistics(FileAnswer.needData(6)).getStatus()).isEqualTo("need_data");
    assertThat(after.value()).hasValueSatisfying(all -> assertThat(all.get(0).counts()).hasSize(26)
        .containsOnly(1L, 2L));
  }

  @Test
  void aMalformedQueryIsAnInvalidRequestNamingTheFieldAndNoOwnerIsAsked() {
    WeightRows nan = new WeightRows("mlp", weights(2).v(), weights(2).w());
    double[][] v = nan.v();
    v[1][3] = Double.NaN;
    WeightRows withNan = new WeightRows("mlp", v, nan.w());
    WeightRows otherShape = TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 5, 26), 1));
    WeightRows fewerInputs = TrainingSpecs.rows(Weights.initial(ModelShape.mlp(10, 4, 26), 1));
    WeightRows twoClasses = TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 4, 2), 1));
    WeightRows wide = TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 300, 26), 1));
    Map<String, org.dhtfl.thrift.FileQuery> bad = new java.util.LinkedHashMap<>();
    bad.put("query is missing", null);
    bad.put("model kind 'tree' is not one of mlp, logistic",
        QueryWire.toThrift(new FileQuery(FILE, "tree", List.of(weights(1)), Optional.of(letters()))
            .withSecret(SECRET)));
    bad.put("models[1]: V[1][3] is NaN",
        QueryWire.toThrift(query(List.of(weights(1), withNan), Optional.of(letters()))));
    bad.put("models[1] is of shape mlp(16,5,26), models[0] of mlp(16,4,26): a query's models share one shape",
        QueryWire.toThrift(query(List.of(weights(1), otherShape), Optional.of(letters()))));
    bad.put("models: 9 given; 1..8 allowed", withModels(java.util.Collections.nCopies(9, weights(1))));
    bad.put("models: 0 given; 1..8 allowed", withModels(List.of()));
    bad.put(FILE + " has 16 features, the model mlp(10,4,26) takes 10",
        QueryWire.toThrift(query(List.of(fewerInputs), Optional.of(letters()))));
    bad.put("the statistics of 1 models of shape mlp(16,300,26) would hold 2347826 values, more than a node sends "
        + "(1000000)", QueryWire.toThrift(query(List.of(wide), Optional.of(letters()))));

    bad.forEach((message, query) -> assertThatThrownBy(() -> handler19.class_statistics(query, null))
        .as(message).isInstanceOf(InvalidRequest.class).hasMessage("class_statistics: " + message));
    assertThatThrownBy(() -> handler19.score_models(QueryWire.toThrift(query(List.of(twoClasses),
        Optional.of(letters()))), null)).isInstanceOf(InvalidRequest.class)
        .hasMessageStartingWith("score_models: ").hasMessageContaining("label 2");
    assertThat(calls).as("refused before routing, or by the owner").allMatch(c -> c.endsWith("from 6"));
  }

  @Test
  void aQueryThatWouldCostMoreThanANodeTakesIsRefusedWithTheFigures() {
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < 15_000; r++) {
      rows.append("1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,").append(r % 26).append('\n');
    }
    WeightRows big = TrainingSpecs.rows(Weights.zeros(ModelShape.mlp(16, 4096, 26)));
    FileQuery query = query(java.util.Collections.nCopies(8, big),
        Optional.of(rows.toString().getBytes(StandardCharsets.US_ASCII)));

    assertThatThrownBy(() -> handler(6).score_models(QueryWire.toThrift(query), List.of(19)))
        .isInstanceOf(InvalidRequest.class).hasMessage("score_models: the query would cost 15000 rows x 8 models x "
            + "176154 multiply-adds = 2.1e+10, more than a node takes (2e+10)");
  }

  @Test
  void anOwnerThatCannotBeReachedMakesTheQueriesUnavailable() {
    ComputeNodeHandler handler = new ComputeNodeHandler(nodes.get(19),
        new JobService(nodes.get(19), jobs.get(19), new UnreachablePeers(), Specs.of(FAST), 1, Runnable::run),
        this::directory, node -> true);
    org.dhtfl.thrift.FileQuery query = QueryWire.toThrift(query(List.of(weights(1)), Optional.of(letters())));

    assertThatThrownBy(() -> handler.class_statistics(query, null)).isInstanceOf(Unavailable.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> handler.score_models(query, List.of(51))).isInstanceOf(Unavailable.class)
        .hasMessage("owner 6@sim-6:1 is down");
  }

  private static org.dhtfl.thrift.FileQuery withModels(List<WeightRows> models) {
    List<org.dhtfl.thrift.Weights> wire = new java.util.ArrayList<>();
    models.forEach(m -> wire.add(new org.dhtfl.thrift.Weights(JobWire.rows(m.v()), JobWire.rows(m.w()))));
    return new org.dhtfl.thrift.FileQuery(FILE, "mlp", wire).setData(letters()).setRun_secret(SECRET.value());
  }

  // ------------------------------------------------------------ dhtfl: ring

  @Test
  void leavingWithANullStructIsAnInvalidRequest() {
    assertThatThrownBy(() -> handler19.leaving(null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("leaving: no leaver named");
  }

  @Test
  void leavingWithMalformedNodesIsAnInvalidRequest() {
    Leaving noHost = new Leaving(new org.dhtfl.thrift.NodeRef(51, null, 1), List.of());
    Leaving badSuccessor = new Leaving(Convert.toThrift(nodes.get(51).self()),
        List.of(new org.dhtfl.thrift.NodeRef(64, "sim-64", 1)));

    assertThatThrownBy(() -> handler19.leaving(noHost)).isInstanceOf(InvalidRequest.class)
        .hasMessage("leaving: node reference without a host");
    assertThatThrownBy(() -> handler19.leaving(badSuccessor)).isInstanceOf(InvalidRequest.class)
        .hasMessage("leaving: successor id 64 out of range 0..63");
  }

  @Test
  void aLeavingSuccessorIsReplacedByTheOneItHandsOver() throws Exception {
    Leaving leaving = new Leaving(Convert.toThrift(nodes.get(51).self()), List.of(Convert.toThrift(nodes.get(6).self())));

    handler19.leaving(leaving);

    assertThat(handler19.get_successor()).isEqualTo(6);
  }

  @Test
  void notifyAndUpdateFingerRefuseMalformedNodes() {
    assertThatThrownBy(() -> handler19.notify(null)).isInstanceOf(InvalidRequest.class)
        .hasMessage("notify: node reference without a host");
    assertThatThrownBy(() -> handler19.update_finger(new org.dhtfl.thrift.NodeRef(51, "sim-51", 0), 1))
        .isInstanceOf(InvalidRequest.class).hasMessage("update_finger: port 0 out of range 1..65535");
    assertThatThrownBy(() -> handler19.update_finger(Convert.toThrift(nodes.get(51).self()), 9))
        .isInstanceOf(InvalidRequest.class).hasMessage("update_finger: finger index 9 out of range 0..5");
  }

  @Test
  void pingAndRingStateDescribeTheNode() {
    assertThat(handler19.ping()).isEqualTo(new org.dhtfl.thrift.NodeRef(19, "sim-19", 1));
    assertThat(handler19.get_ring_state().getBits()).isEqualTo(6);
    assertThat(handler19.get_ring_state().getSuccessors()).extracting(org.dhtfl.thrift.NodeRef::getId)
        .startsWith(51);
    assertThat(handler19.get_neighbours().getPredecessor().getId()).isEqualTo(6);
  }

  @Test
  void lookupAnswersTheOwnerAndThePath() throws Exception {
    org.dhtfl.thrift.Lookup lookup = handler19.lookup(58);

    assertThat(lookup.getOwner().getId()).isEqualTo(6);
    assertThat(lookup.getPath()).containsExactly(19, 51, 6);
  }

  @Test
  void aPointerToANodeTheSupernodeDidNotAdmitIsRefused() {
    NodeRef stranger = new NodeRef(18, "127.0.0.1", 6999);
    ComputeNodeHandler guarded = new ComputeNodeHandler(nodes.get(19), routers.get(19), this::directory,
        node -> node.id() != 18);

    assertThatThrownBy(() -> guarded.notify(Convert.toThrift(stranger))).isInstanceOf(InvalidRequest.class)
        .hasMessageContaining("node 18").hasMessageContaining("is not a member the supernode admitted");
    assertThatThrownBy(() -> guarded.update_finger(Convert.toThrift(stranger), 0))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("not a member the supernode admitted");
    assertThat(nodes.get(19).predecessor().map(NodeRef::id)).isNotEqualTo(java.util.Optional.of(18));
  }

  @Test
  void aRingInternalCallFromAHostWithoutMembersIsRefused() throws Exception {
    ComputeNode.Iface guarded = NodeCallers.guard(
        new ComputeNodeHandler(nodes.get(19), routers.get(19), this::directory, node -> true), this::directory,
        host -> host.isLoopbackAddress());
    java.net.InetAddress stranger = java.net.InetAddress.getByName("10.77.0.9");

    assertThatThrownBy(() -> org.dhtfl.rpc.CallContext.as(stranger, () -> {
      guarded.store_replica(JobWire.toThrift(JOB), JobWire.toThrift(doneBy(FILE, 6)), null);
      return null;
    })).isInstanceOf(InvalidRequest.class).hasMessageContaining("10.77.0.9 is no member's host");
    assertThatThrownBy(() -> org.dhtfl.rpc.CallContext.as(stranger, () -> {
      guarded.take_over(List.of());
      return null;
    })).isInstanceOf(InvalidRequest.class);
    org.dhtfl.rpc.CallContext.as(java.net.InetAddress.getLoopbackAddress(), () -> {
      guarded.take_over(List.of());
      return null;
    });
  }
}
