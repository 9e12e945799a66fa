package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.DataSource;
import org.dhtfl.node.Specs;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.node.JobService;
import org.dhtfl.node.ResultStore;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.node.UnreachablePeers;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The node's handler behind its caller rules ({@link NodeCallers}). With TLS, a node takes ring-internal calls only from node certificates, and a node offers only
 * itself; a client may submit jobs, read results and walk the ring, nothing else.
 */
class ComputeNodeHandlerRolesTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));
  /** Key 58, owned by node 6 in the reference ring 6, 19, 51. */
  private static final String FILE = "zx0uRKUQj5";
  private static final RunSecret SECRET = RunSecret.of("the-secret-of-the-roles-test-run-0001");
  private static final JobKey JOB = new JobKey(SECRET.runId(), 1, FILE);
  private static final PeerIdentity CLIENT = PeerIdentity.client();

  @TempDir
  Path data;

  private final RingSimulation sim = new RingSimulation(6, 3, 1);
  private final Map<Integer, ChordNode> nodes = new HashMap<>();
  private final Map<Integer, JobExecutor> jobs = new HashMap<>();
  private final Map<Integer, ComputeNode.Iface> handlers = new HashMap<>();

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      ChordNode node = sim.addNode(id);
      JobExecutor trainer = new JobExecutor(DataSource.directory(data), JobExecutor.boundedPool(1, 100),
          new ResultStore(id));
      nodes.put(id, node);
      jobs.put(id, trainer);
      JobService router = new JobService(node, trainer, new UnreachablePeers(), Specs.of(FAST), 1, Runnable::run);
      IntFunction<Optional<NodeRef>> directory = i -> Optional.ofNullable(nodes.get(i)).map(ChordNode::self);
      handlers.put(id, NodeCallers.guard(new ComputeNodeHandler(node, router, directory, n -> true), directory,
          host -> true));
    }
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(JobExecutor::close);
  }

  /** The certificate identity of a simulated node: the address its reference names. */
  private PeerIdentity certificateOf(int id) {
    NodeRef self = nodes.get(id).self();
    return PeerIdentity.node(self.host(), self.port());
  }

  private org.dhtfl.thrift.NodeRef ref(int id) {
    return Convert.toThrift(nodes.get(id).self());
  }

  private interface Call {
    void run(ComputeNode.Iface handler) throws Exception;
  }

  private static void callAs(PeerIdentity caller, ComputeNode.Iface handler, Call call) throws Exception {
    CallContext.as(LOOPBACK, caller, () -> {
      call.run(handler);
      return null;
    });
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

  @Test
  void aClientCertificateIsRefusedEveryRingInternalCallNamingTheMethodAndItsRole() {
    ComputeNode.Iface node19 = handlers.get(19);
    Map<String, Call> ringInternal = new java.util.LinkedHashMap<>();
    ringInternal.put("notify", h -> h.notify(ref(6)));
    ringInternal.put("update_finger", h -> h.update_finger(ref(6), 1));
    ringInternal.put("leaving", h -> h.leaving(new Leaving(ref(51), List.of(ref(6)))));
    ringInternal.put("take_over", h -> h.take_over(List.of()));
    ringInternal.put("store_replica", h -> h.store_replica(JobWire.toThrift(JOB), new Model(), null));
    ringInternal.put("set_predecessor", h -> h.set_predecessor(6));
    ringInternal.put("update_finger_table", h -> h.update_finger_table(51, 1));
    ringInternal.put("held", h -> h.held(JobWire.toThrift(JOB), null, null));
    ringInternal.put("deliver", h -> h.deliver(FILE, List.of()));

    ringInternal.forEach((method, call) -> assertThatThrownBy(() -> callAs(CLIENT, node19, call))
        .as(method).isInstanceOf(InvalidRequest.class)
        .hasMessage(method + " is refused to a client certificate: it is for node certificates"));
    assertThat(nodes.get(19).predecessor().map(NodeRef::id)).contains(6);
    assertThat(nodes.get(19).successor().id()).isEqualTo(51);
  }

  @Test
  void aClientCertificateMaySubmitJobsReadResultsAndWalkTheRing() throws Exception {
    ComputeNode.Iface owner = handlers.get(6);
    org.dhtfl.thrift.Job job = JobWire.toThrift(
        new JobRequest(JOB, Specs.of(FAST), Optional.empty(), Optional.of(letters())).withSecret(SECRET));

    String answer = CallContext.as(LOOPBACK, CLIENT, () -> owner.submit_job(job, List.of()));
    Model result = CallContext.as(LOOPBACK, CLIENT,
        () -> owner.job_result(JobWire.toThrift(JOB), List.of(), SECRET.value()));
    Model reference = CallContext.as(LOOPBACK, CLIENT, () -> owner.get_model("never-put"));
    org.dhtfl.thrift.Lookup lookup = CallContext.as(LOOPBACK, CLIENT, () -> handlers.get(19).lookup(58));
    int successor = CallContext.as(LOOPBACK, CLIENT, () -> handlers.get(19).find_successor(20));

    assertThat(answer).isEqualTo("accepted");
    assertThat(result.getStatus()).isIn("wait", "done");
    assertThat(reference.getReason()).as(reference.toString()).doesNotContain("refused");
    assertThat(lookup.getOwner().getId()).isEqualTo(6);
    assertThat(successor).isEqualTo(51);
    callAs(CLIENT, handlers.get(19), h -> {
      assertThat(h.ping().getId()).isEqualTo(19);
      assertThat(h.route_step(58).getNode().getId()).isEqualTo(19);
      assertThat(h.get_ring_state().getBits()).isEqualTo(6);
      assertThat(h.get_neighbours().getNode().getId()).isEqualTo(19);
    });
  }

  @Test
  void aClientCertificateMayAskForStatisticsAndScoresTheSupernodesMayNot() throws Exception {
    ComputeNode.Iface owner = handlers.get(6);
    org.dhtfl.thrift.FileQuery query = QueryWire.toThrift(new FileQuery(FILE, "mlp",
        List.of(TrainingSpecs.rows(Weights.initial(ModelShape.mlp(16, 4, 26), 1))), Optional.of(letters()))
        .withSecret(SECRET));

    org.dhtfl.thrift.FileStatistics stats = CallContext.as(LOOPBACK, CLIENT,
        () -> owner.class_statistics(query, List.of()));
    org.dhtfl.thrift.FileScores scores = CallContext.as(LOOPBACK, CLIENT, () -> owner.score_models(query, List.of()));

    assertThat(stats.getStatus()).isEqualTo("done");
    assertThat(scores.getRows()).isEqualTo(30);
    for (String method : List.of("class_statistics", "score_models")) {
      assertThatThrownBy(() -> callAs(PeerIdentity.supernode(), owner, h -> {
        if (method.equals("class_statistics")) {
          h.class_statistics(query, List.of());
        } else {
          h.score_models(query, List.of());
        }
      })).as(method).isInstanceOf(InvalidRequest.class).hasMessage(method + " is refused to a supernode certificate: "
          + "it is for node and client certificates");
    }
  }

  @Test
  void theSupernodesCertificateMayLookAtTheRingButNotSubmitOrReadJobs() throws Exception {
    ComputeNode.Iface owner = handlers.get(6);
    PeerIdentity supernode = PeerIdentity.supernode();

    Model model = CallContext.as(LOOPBACK, supernode, () -> owner.get_model(FILE));

    assertThat(model.getStatus()).isEqualTo("failed");
    assertThat(model.getReason()).isEqualTo("get_model is refused to a supernode certificate: it is for node and "
        + "client certificates");
    assertThatThrownBy(
        () -> callAs(supernode, owner, h -> h.job_result(JobWire.toThrift(JOB), List.of(), SECRET.value())))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("job_result is refused to a supernode certificate");
    assertThat(CallContext.as(LOOPBACK, supernode, owner::ping).getId()).isEqualTo(6);
  }

  @Test
  void aNodeNotifiesOnlyAsItself() throws Exception {
    ComputeNode.Iface node19 = handlers.get(19);

    assertThatThrownBy(() -> callAs(certificateOf(51), node19, h -> h.notify(ref(6))))
        .isInstanceOf(InvalidRequest.class).hasMessage("notify about the node at sim-6:1 is refused to the node "
            + "sim-51:1 certificate: only that node itself may make it");
    callAs(certificateOf(6), node19, h -> h.notify(ref(6)));

    assertThat(nodes.get(19).predecessor().map(NodeRef::id)).contains(6);
  }

  @Test
  void aNodeSetsOnlyItselfAsPredecessor() throws Exception {
    ComputeNode.Iface node19 = handlers.get(19);

    assertThatThrownBy(() -> callAs(certificateOf(51), node19, h -> h.set_predecessor(6)))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("set_predecessor about the node at sim-6:1");
    boolean adopted = CallContext.as(LOOPBACK, certificateOf(6), () -> node19.set_predecessor(6));

    assertThat(adopted).isTrue();
  }

  @Test
  void aNodeAnnouncesOnlyItsOwnLeave() throws Exception {
    ComputeNode.Iface node19 = handlers.get(19);
    Leaving leaving51 = new Leaving(ref(51), List.of(ref(6)));

    assertThatThrownBy(() -> callAs(certificateOf(6), node19, h -> h.leaving(leaving51)))
        .isInstanceOf(InvalidRequest.class).hasMessageContaining("leaving about the node at sim-51:1");
    assertThat(nodes.get(19).successor().id()).isEqualTo(51);

    callAs(certificateOf(51), node19, h -> h.leaving(leaving51));
    assertThat(nodes.get(19).successor().id()).isEqualTo(6);
  }

  @Test
  void aNodeMayPassOnAnotherNodesFingerOffer() {
    assertThatCode(() -> callAs(certificateOf(51), handlers.get(19), h -> h.update_finger(ref(6), 5)))
        .doesNotThrowAnyException();
  }
}
