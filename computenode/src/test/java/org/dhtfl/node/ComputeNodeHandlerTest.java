package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.rpc.Convert;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Leaving;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Unavailable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComputeNodeHandlerTest {

  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));

  @TempDir
  Path data;

  private final RingSimulation sim = new RingSimulation(6, 3, 1);
  private final Map<Integer, ChordNode> nodes = new HashMap<>();
  private final Map<Integer, TrainingJobs> jobs = new HashMap<>();
  private final Map<Integer, FileRouter> routers = new HashMap<>();
  private ComputeNodeHandler handler19;

  private final FileRouter.Owners direct = new FileRouter.Owners() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      routers.get(owner.id()).accept(filename, path);
    }

    @Override
    public JobResult fetch(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      return routers.get(owner.id()).answer(filename, path);
    }
  };

  private Optional<NodeRef> directory(int id) {
    return Optional.ofNullable(nodes.get(id)).map(ChordNode::self);
  }

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      ChordNode node = sim.addNode(id);
      TrainingJobs trainer = new TrainingJobs(data, FAST, 1, 100);
      trainer.nodeId(id);
      nodes.put(id, node);
      jobs.put(id, trainer);
      routers.put(id, new FileRouter(node, trainer, direct));
    }
    handler19 = new ComputeNodeHandler(nodes.get(19), routers.get(19), this::directory);
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(TrainingJobs::close);
  }

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

  @Test
  void putDataSendsTheFileToItsOwner() {
    handler19.put_data("zx0uRKUQj5");

    assertThat(jobs.get(6).status("zx0uRKUQj5").status()).isNotEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).status("zx0uRKUQj5").status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void putDataOfABadNameIsDroppedWithoutAnError() {
    handler19.put_data("../x");
    handler19.put_data(null);

    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.status("../x").status()).isEqualTo(JobStatus.NOT_FOUND));
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
    Model model = handler19.get_model("zx0uRKUQj5");

    assertThat(model.getStatus()).isEqualTo("not_found");
    assertThat(model.getReason()).isEqualTo("node 6 has no job for zx0uRKUQj5");
    assertThat(model.getTrained_by()).isEqualTo(6);
  }

  @Test
  void getModelOfATrainedFileCarriesTheWeightChangeAndWhoTrainedIt() throws Exception {
    StringBuilder rows = new StringBuilder();
    for (int r = 0; r < 30; r++) {
      for (int f = 0; f < 16; f++) {
        rows.append((r * 5 + f) % 16).append(',');
      }
      rows.append(r % 26).append('\n');
    }
    Files.writeString(data.resolve("zx0uRKUQj5"), rows);
    handler19.put_data("zx0uRKUQj5");
    await().atMost(Duration.ofSeconds(20)).until(() -> jobs.get(6).status("zx0uRKUQj5").status() != JobStatus.WAIT);

    Model model = handler19.get_model("zx0uRKUQj5");

    assertThat(model.getStatus()).as(model.getReason()).isEqualTo("done");
    assertThat(model.getV()).hasSize(5).allSatisfy(row -> assertThat(row).hasSize(26));
    assertThat(model.getW()).hasSize(17).allSatisfy(row -> assertThat(row).hasSize(4));
    assertThat(model.getTrained_by()).isEqualTo(6);
    assertThat(model.getRows()).isEqualTo(30);
    assertThat(model.getEpochs()).isEqualTo(2);
    assertThat(model.getModel()).isEqualTo("mlp");
  }

  @Test
  void fetchOfABadNameIsAFailedModelWithTheReason() throws Exception {
    Model model = handler19.fetch("a/b", List.of(51));

    assertThat(model.getStatus()).isEqualTo("failed");
    assertThat(model.getReason()).isEqualTo("'a/b' is not a plain file name");
  }

  @Test
  void deliverOfABadNameIsAnInvalidRequest() {
    assertThatThrownBy(() -> handler19.deliver("..", List.of(51))).isInstanceOf(InvalidRequest.class)
        .hasMessage("deliver: '..' is not a plain file name");
  }

  @Test
  void deliverWithoutAPathIsAcceptedAsADirectDelivery() throws Exception {
    ComputeNodeHandler handler6 = new ComputeNodeHandler(nodes.get(6), routers.get(6), this::directory);

    handler6.deliver("zx0uRKUQj5", null);

    assertThat(jobs.get(6).status("zx0uRKUQj5").status()).isNotEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void anOwnerThatCannotBeReachedMakesDeliverAndFetchUnavailable() {
    FileRouter.Owners down = new FileRouter.Owners() {
      @Override
      public void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException {
        throw new PeerException("owner " + owner + " is down");
      }

      @Override
      public JobResult fetch(NodeRef owner, String filename, List<Integer> path) throws PeerException {
        throw new PeerException("owner " + owner + " is down");
      }
    };
    ComputeNodeHandler handler = new ComputeNodeHandler(nodes.get(19),
        new FileRouter(nodes.get(19), jobs.get(19), down), this::directory);

    assertThatThrownBy(() -> handler.deliver("zx0uRKUQj5", List.of(51))).isInstanceOf(Unavailable.class)
        .hasMessage("owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> handler.fetch("zx0uRKUQj5", List.of(51))).isInstanceOf(Unavailable.class)
        .hasMessage("owner 6@sim-6:1 is down");
  }

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
}
