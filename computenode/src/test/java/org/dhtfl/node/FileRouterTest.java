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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.sim.IdealRing;
import org.dhtfl.chord.sim.RingSimulation;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.TrainingOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRouterTest {

  private static final TrainingConfig FAST =
      new TrainingConfig(ModelKind.MLP, 4, TrainingConfig.LETTER_CLASSES, 1, TrainingOptions.defaults().withEpochs(2));

  /** One delivery or question passed to an owner: to whom, and the path it carried. */
  private record Hop(String kind, int owner, String filename, List<Integer> path) {
  }

  @TempDir
  Path data;

  private final RingSimulation sim = new RingSimulation(6, 3, 1);
  private final Map<Integer, TrainingJobs> jobs = new HashMap<>();
  private final Map<Integer, FileRouter> routers = new HashMap<>();
  private final List<Hop> hops = new ArrayList<>();

  /** Reaches an owner by calling its router directly, as the Thrift deliver and fetch would. */
  private final FileRouter.Owners direct = new FileRouter.Owners() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      hops.add(new Hop("deliver", owner.id(), filename, path));
      routers.get(owner.id()).accept(filename, path);
    }

    @Override
    public JobResult fetch(NodeRef owner, String filename, List<Integer> path)
        throws PeerException, FileRouter.RoutingException {
      hops.add(new Hop("fetch", owner.id(), filename, path));
      return routers.get(owner.id()).answer(filename, path);
    }
  };

  @BeforeEach
  void buildTheReferenceRing() throws Exception {
    for (int id : new int[] {19, 51, 6}) {
      sim.addNode(id);
    }
    for (ChordNode node : sim.liveNodes()) {
      int id = node.self().id();
      TrainingJobs trainer = new TrainingJobs(data, FAST, 1, 100);
      trainer.nodeId(id);
      jobs.put(id, trainer);
      routers.put(id, new FileRouter(node, trainer, direct));
    }
  }

  @AfterEach
  void closeJobs() {
    jobs.values().forEach(TrainingJobs::close);
  }

  private void letters(String name) throws IOException {
    StringBuilder text = new StringBuilder();
    for (int r = 0; r < 30; r++) {
      for (int f = 0; f < 16; f++) {
        text.append((r * 7 + f * 3) % 16).append(',');
      }
      text.append(r % 26).append('\n');
    }
    Files.writeString(data.resolve(name), text, StandardCharsets.US_ASCII);
  }

  private int idealOwner(String filename) {
    return new IdealRing(sim.space(), routers.keySet()).successorOf(sim.space().keyOf(filename));
  }

  private List<Integer> nodesWithAJob(String filename) {
    return jobs.entrySet().stream().filter(e -> e.getValue().status(filename).status() != JobStatus.NOT_FOUND)
        .map(Map.Entry::getKey).sorted().toList();
  }

  @Test
  void theReferenceFileIsRoutedFrom19Through51ToItsOwner6() throws Exception {
    routers.get(19).put("zx0uRKUQj5");

    assertThat(nodesWithAJob("zx0uRKUQj5")).containsExactly(6);
    assertThat(hops).containsExactly(new Hop("deliver", 6, "zx0uRKUQj5", List.of(19, 51, 6)));
  }

  @Test
  void aPutFromAnyNodeEndsAtTheIdealOwner() throws Exception {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      names.add("file" + i);
    }

    for (int i = 0; i < names.size(); i++) {
      int from = List.of(19, 51, 6).get(i % 3);
      routers.get(from).put(names.get(i));
    }

    for (String name : names) {
      assertThat(nodesWithAJob(name)).as(name).containsExactly(idealOwner(name));
    }
  }

  @Test
  void aPutOfAFileTheEntryNodeOwnsStaysThereWithoutAHop() throws Exception {
    String name = "file0";
    int owner = idealOwner(name);

    routers.get(owner).put(name);

    assertThat(nodesWithAJob(name)).containsExactly(owner);
    assertThat(hops).isEmpty();
  }

  @Test
  void acceptOnANodeThatIsNotResponsibleForwardsToTheOwner() throws Exception {
    routers.get(19).accept("zx0uRKUQj5", List.of(51));

    assertThat(nodesWithAJob("zx0uRKUQj5")).containsExactly(6);
    assertThat(hops).containsExactly(new Hop("deliver", 6, "zx0uRKUQj5", List.of(51, 19)));
  }

  @Test
  void anAnswerFromANodeThatIsNotResponsibleComesFromTheOwner() throws Exception {
    routers.get(6).put("zx0uRKUQj5");

    JobResult answer = routers.get(51).answer("zx0uRKUQj5", List.of(19));

    assertThat(answer.status()).isNotEqualTo(JobStatus.NOT_FOUND);
    assertThat(answer.trainedBy()).isEqualTo(6);
    assertThat(hops).containsExactly(new Hop("fetch", 6, "zx0uRKUQj5", List.of(19, 51)));
  }

  @Test
  void getReturnsTheOwnersStatusFromEveryNode() throws Exception {
    letters("zx0uRKUQj5");
    routers.get(19).put("zx0uRKUQj5");
    JobResult atOwner = await().atMost(Duration.ofSeconds(20))
        .until(() -> jobs.get(6).status("zx0uRKUQj5"), r -> r.status() != JobStatus.WAIT);

    List<JobResult> answers = new ArrayList<>();
    for (int from : new int[] {19, 51, 6}) {
      answers.add(routers.get(from).get("zx0uRKUQj5"));
    }

    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answers).containsOnly(atOwner);
    assertThat(hops).filteredOn(h -> h.kind().equals("fetch")).extracting(Hop::owner).containsOnly(6);
  }

  @Test
  void getOfAFileNobodyWasGivenIsTheOwnersNotFound() throws Exception {
    JobResult answer = routers.get(19).get("zx0uRKUQj5");

    assertThat(answer.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(answer.reason()).isEqualTo("node 6 has no job for zx0uRKUQj5");
  }

  @Test
  void keysAreSha1OfTheFileNameModTwoToTheM() {
    assertThat(routers.get(19).keyOf("zx0uRKUQj5")).isEqualTo(58);
  }

  @Test
  void aBadNameFailsWithIllegalArgumentException() {
    FileRouter router = routers.get(19);

    assertThatThrownBy(() -> router.put("../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'../etc/passwd' is not a plain file name");
    assertThatThrownBy(() -> router.get("")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("file name is empty");
    assertThatThrownBy(() -> router.accept("a/b", List.of(19))).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> router.answer("a\nb", List.of(19))).isInstanceOf(IllegalArgumentException.class);
    assertThat(hops).isEmpty();
  }

  @Test
  void anOwnerThatNeverAnswersIsReportedWithTheLastFailure() {
    ChordNode n19 = sim.liveNodes().stream().filter(n -> n.self().id() == 19).findFirst().orElseThrow();
    FileRouter cutOff = new FileRouter(n19, jobs.get(19), new FileRouter.Owners() {
      @Override
      public void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException {
        throw new PeerException("owner " + owner + " is down");
      }

      @Override
      public JobResult fetch(NodeRef owner, String filename, List<Integer> path) throws PeerException {
        throw new PeerException("owner " + owner + " is down");
      }
    });

    assertThatThrownBy(() -> cutOff.put("zx0uRKUQj5")).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of zx0uRKUQj5 (key 58) took it: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.get("zx0uRKUQj5")).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of zx0uRKUQj5 (key 58) answered: owner 6@sim-6:1 is down");
  }
}
