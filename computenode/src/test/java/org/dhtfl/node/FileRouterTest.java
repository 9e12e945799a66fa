package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.junit.jupiter.api.Test;

class FileRouterTest extends JobRingFixture {

  // ------------------------------------------------------------ the reference's put_data / get_model

  @Test
  void theReferenceFileIsRoutedFrom19Through51ToItsOwner6() throws Exception {
    fileEverywhere(FILE);

    services.get(19).put(FILE);

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
      services.get(from).put(names.get(i));
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

    services.get(owner).put(name);

    assertThat(nodesThatTook(JobKey.reference(name))).containsExactly(owner);
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver")).isEmpty();
  }

  @Test
  void acceptOnANodeThatIsNotResponsibleForwardsToTheOwner() throws Exception {
    fileEverywhere(FILE);

    services.get(19).accept(FILE, List.of(51));

    assertThat(nodesThatTook(JobKey.reference(FILE))).containsExactly(6);
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver"))
        .containsExactly(new Hop("deliver", 6, FILE, List.of(51, 19)));
  }

  @Test
  void aPutOfAFileTheOwnerDoesNotHaveIsAFailedJobNamingTheFile() throws Exception {
    fileAt(19, FILE);

    services.get(19).put(FILE);
    JobResult answer = services.get(51).get(FILE);

    assertThat(answer.status()).isEqualTo(JobStatus.FAILED);
    assertThat(answer.reason()).contains("no file " + FILE);
    assertThat(answer.trainedBy()).hasValue(6);
  }

  @Test
  void aResultAskedOfANodeThatIsNotResponsibleComesFromTheOwner() throws Exception {
    fileAt(6, FILE);
    services.get(6).put(FILE);
    JobResult atOwner = finishedAt(6, JobKey.reference(FILE));

    JobResult answer = services.get(51).result(JobKey.reference(FILE), Optional.empty(), List.of(19));

    assertThat(answer).isEqualTo(atOwner);
    assertThat(answer.trainedBy()).hasValue(6);
    assertThat(hops).filteredOn(h -> h.kind().equals("result"))
        .containsExactly(new Hop("result", 6, "put_data/1/" + FILE, List.of(19, 51)));
  }

  @Test
  void getReturnsTheOwnersStatusFromEveryNode() throws Exception {
    fileAt(6, FILE);
    services.get(19).put(FILE);
    JobResult atOwner = finishedAt(6, JobKey.reference(FILE));

    List<JobResult> answers = new ArrayList<>();
    for (int from : new int[] {19, 51, 6}) {
      answers.add(services.get(from).get(FILE));
    }

    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answers).containsOnly(atOwner);
    assertThat(hops).filteredOn(h -> h.kind().equals("result")).extracting(Hop::to).containsOnly(6);
  }

  @Test
  void getOfAFileNobodyWasGivenIsTheOwnersNotFoundOnceItsSuccessorsHaveNothingEither() throws Exception {
    JobResult answer = services.get(19).get(FILE);

    assertThat(answer.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(answer.reason()).isEqualTo("node 6 has no job put_data/1/" + FILE);
    assertThat(hopsOf("held", JobKey.reference(FILE))).extracting(Hop::to).containsExactly(19, 51);
  }

  @Test
  void keysAreSha1OfTheFileNameModTwoToTheM() {
    assertThat(services.get(19).keyOf(FILE)).isEqualTo(58);
  }

  @Test
  void aBadNameFailsWithIllegalArgumentException() {
    JobService router = services.get(19);

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
    JobService cutOff = new JobService(n19, jobs.get(19), new UnreachablePeers(), Specs.of(FAST), REPLICAS,
        Runnable::run);

    assertThatThrownBy(() -> cutOff.put(FILE)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.get(FILE)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.submit(carrying(JOB), List.of())).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
    assertThatThrownBy(() -> cutOff.result(JOB, Optional.of(SECRET), List.of()))
        .isInstanceOf(FileRouter.RoutingException.class)
        .hasMessage("no owner of key 58 answered: owner 6@sim-6:1 is down");
  }

  @Test
  void aRequestPassedOnByMoreThanSixteenNodesIsRefused() {
    List<Integer> path = Collections.nCopies(17, 51);

    assertThatThrownBy(() -> services.get(19).accept(FILE, path)).isInstanceOf(FileRouter.RoutingException.class)
        .hasMessageStartingWith("key 58 went through 51 -> 51").hasMessageEndingWith(" without settling");
    assertThat(hops).isEmpty();
  }

  // ------------------------------------------------------------ jobs of federated runs

  @Test
  void aJobSubmittedAnywhereIsTrainedByItsOwnerFromTheDataItCarries() throws Exception {
    SubmitAnswer answer = services.get(19).submit(carrying(JOB), List.of());
    JobResult atOwner = finishedAt(6, JOB);

    JobResult fromElsewhere = services.get(51).result(JOB, Optional.of(SECRET), List.of());

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

    SubmitAnswer answer = services.get(19).submit(withoutData(JOB), List.of());
    JobResult atOwner = finishedAt(6, JOB);

    assertThat(answer).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aJobWithoutDataForAnOwnerWithoutTheFileAnswersNeedData() throws Exception {
    fileAt(19, FILE);

    SubmitAnswer answer = services.get(19).submit(withoutData(JOB), List.of());

    assertThat(answer).isEqualTo(SubmitAnswer.NEED_DATA);
    assertThat(nodesHolding(JOB)).isEmpty();
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
  }

  @Test
  void aJobSubmittedTwiceIsTrainedOnce() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    JobResult first = finishedAt(6, JOB);

    SubmitAnswer again = services.get(51).submit(carrying(JOB), List.of());

    assertThat(first.status()).as(first.reason()).isEqualTo(JobStatus.DONE);
    assertThat(again).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(jobs.get(6).results().get(JOB)).isEqualTo(first);
    assertThat(jobs.values()).allSatisfy(j -> assertThat(j.pending()).isZero());
  }
}
