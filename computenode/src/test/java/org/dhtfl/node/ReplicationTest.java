package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;
import org.junit.jupiter.api.Test;

class ReplicationTest extends JobRingFixture {

  // ------------------------------------------------------------ copies at the successors

  @Test
  void aFinishedJobsResultIsCopiedToTheOwnersFirstSuccessorsOnly() throws Exception {
    join(30);
    join(40);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    services.get(19).submit(carrying(JOB), List.of());
    drain(6);

    JobResult atOwner = jobs.get(6).results().get(JOB);
    assertThat(atOwner.status()).as(atOwner.reason()).isEqualTo(JobStatus.DONE);
    assertThat(nodesHolding(JOB)).containsExactly(6, 19, 30);
    assertThat(jobs.get(19).results().get(JOB)).isEqualTo(atOwner);
    assertThat(jobs.get(30).results().get(JOB)).isEqualTo(atOwner);
    assertThat(hopsOf("storeReplica", JOB)).extracting(Hop::to).containsExactly(19, 30);
  }

  @Test
  void afterTheOwnerCrashesTheNextOwnerAnswersFromItsCopy() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    drain(6);
    JobResult trained = jobs.get(6).results().get(JOB);

    sim.crash(6);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    JobResult answer = services.get(51).result(JOB, Optional.of(SECRET), List.of());

    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(answer.trainedBy()).hasValue(6);
    assertThat(hopsOf("result", JOB)).containsExactly(new Hop("result", 19, JOB.toString(), List.of(51, 19)));
    assertThat(jobs.get(19).pending()).isZero();
  }

  @Test
  void afterANodeJoinsInFrontOfTheOwnerTheNewOwnerFindsTheResultAtItsSuccessor() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);

    join(60);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    hops.clear();

    JobResult answer = services.get(19).result(JOB, Optional.of(SECRET), List.of());

    assertThat(idealOwner(FILE)).isEqualTo(60);
    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(hopsOf("result", JOB)).extracting(Hop::to).containsExactly(60);
    assertThat(hopsOf("held", JOB)).extracting(Hop::to).containsExactly(6);
    assertThat(jobs.get(60).results().get(JOB)).as("kept by the new owner").isEqualTo(trained);
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
    services.get(6).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);
    sim.heal();
    assertThat(sim.roundsUntilIdealWithUnification(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();
    hops.clear();

    JobResult answer = services.get(19).result(JOB, Optional.of(SECRET), List.of());

    assertThat(idealOwner(FILE)).isEqualTo(59);
    assertThat(trained.status()).as(trained.reason()).isEqualTo(JobStatus.DONE);
    assertThat(answer).isEqualTo(trained);
    assertThat(hopsOf("held", JOB)).as("61 and 63 keep 59's copies; 6 is its third successor")
        .extracting(Hop::to).containsExactly(61, 63, 6);
    assertThat(jobs.get(59).results().get(JOB)).as("kept by the owner, not trained again").isEqualTo(trained);
    assertThat(jobs.get(59).pending()).isZero();
  }

  @Test
  void aKeyTrainedOnBothSidesOfASplitKeepsTheOwnersFinishedResultAfterTheMerge() throws Exception {
    sim.split(java.util.Set.of(6));
    assertThat(sim.roundsUntilEachSideIdeal(20)).isNotNegative();
    // 19 owns key 58 in the ring of 19 and 51, 6 in its ring of one: each trains the job.
    services.get(51).submit(carrying(JOB), List.of());
    services.get(6).submit(carrying(JOB), List.of());
    JobResult at19 = finishedAt(19, JOB);
    JobResult at6 = finishedAt(6, JOB);
    sim.heal();
    assertThat(sim.roundsUntilIdealWithUnification(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    JobResult answer = services.get(51).result(JOB, Optional.of(SECRET), List.of());
    jobs.get(6).results().adopt(JOB, JobResult.waiting(FILE, 19));

    assertThat(at19.trainedBy()).hasValue(19);
    assertThat(at6.trainedBy()).hasValue(6);
    assertThat(answer).as("the owner's own result").isEqualTo(at6);
    assertThat(jobs.get(6).results().get(JOB)).as("never replaced by an unfinished one").isEqualTo(at6);
  }

  @Test
  void aJobResubmittedAfterANodeJoinedInFrontOfItsOwnerIsNotTrainedAgain() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    JobResult trained = finishedAt(6, JOB);
    join(60);
    assertThat(sim.roundsUntilIdeal(20)).as(sim.firstDifference().orElse("ideal")).isNotNegative();

    SubmitAnswer again = services.get(19).submit(carrying(JOB), List.of());

    assertThat(again).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(hopsOf("submit", JOB)).extracting(Hop::to).containsExactly(6, 60);
    assertThat(jobs.get(60).pending()).isZero();
    assertThat(jobs.get(60).results().get(JOB)).isEqualTo(trained);
    assertThat(jobs.get(60).results().get(JOB).trainedBy()).hasValue(6);
  }


  // ------------------------------------------------------------ what a node holds, take-over and hand-over

  @Test
  void localResultAnswersWhatTheNodeItselfHoldsWithoutRouting() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    drain(6);
    hops.clear();

    JobResult atOwner = services.get(6).localResult(JOB, ReadProof.of(Optional.of(SECRET)));
    JobResult copy = services.get(19).localResult(JOB, ReadProof.of(Optional.of(SECRET)));
    JobResult unknown = services.get(19).localResult(JobKey.reference(FILE), ReadProof.NONE);

    assertThat(atOwner.status()).isEqualTo(JobStatus.DONE);
    assertThat(copy).isEqualTo(atOwner);
    assertThat(unknown.status()).isEqualTo(JobStatus.NOT_FOUND);
    assertThat(hops).isEmpty();
  }

  @Test
  void aRunsResultIsReadOnlyWithItsSecretOrTheCopyTokenTheNodeSentForThatKey() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    drain(6);
    JobKey other = new JobKey(SECRET.runId(), 2, FILE);
    JobService owner = services.get(6);

    assertThatThrownBy(() -> owner.localResult(JOB, ReadProof.NONE)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("run " + SECRET.runId()).hasMessageContaining("only with its secret");
    assertThatThrownBy(() -> owner.localResult(JOB, ReadProof.of(Optional.of(RunSecret.of("the-secret-of-another-run-of-the-fixture")))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another run's");
    assertThatThrownBy(() -> owner.localResult(JOB, ReadProof.of(owner.copyToken(other))))
        .as("a token opens its own key only").isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> owner.localResult(JOB, ReadProof.of(services.get(19).copyToken(JOB))))
        .as("another node's token").isInstanceOf(IllegalArgumentException.class);
    assertThat(owner.localResult(JOB, ReadProof.of(owner.copyToken(JOB))).status()).isEqualTo(JobStatus.DONE);
    assertThat(owner.localResult(JOB, ReadProof.of(Optional.of(SECRET))).status()).isEqualTo(JobStatus.DONE);
  }

  @Test
  void aStoreReplicaWithoutTheOwnersTokenCopiesNothing() throws Exception {
    jobs.get(6).results().record(JOB, ResultStoreTest.doneElsewhere(FILE, 6));

    services.get(51).storeReplica(JOB, new byte[32]);
    drain(51);

    assertThat(idealOwner(FILE)).isEqualTo(6);
    assertThat(jobs.get(51).results().get(JOB).status()).isEqualTo(JobStatus.NOT_FOUND);
  }

  @Test
  void takeOverBelievesNothingPushedAndTrainsOnlyPutDataFilesFromItsOwnFiles() throws Exception {
    JobKey finished = new JobKey("run-1", 1, "finished");
    JobKey pending = new JobKey("run-1", 1, "pending");
    JobKey putData = JobKey.reference("mine");
    fileAt(19, "mine");
    JobResult planted = JobResult.failed("finished", 6, "planted");

    int queued = services.get(19).takeOver(List.of(
        new HandedJob(finished, planted, Optional.empty()),
        new HandedJob(pending, JobResult.waiting("pending", 6), Optional.of(carrying(pending))),
        new HandedJob(putData, JobResult.waiting("mine", 6),
            Optional.of(new JobRequest(putData, Specs.of(FAST), Optional.empty(), Optional.empty())))));

    assertThat(queued).isEqualTo(1);
    assertThat(jobs.get(19).results().get(finished).status()).as("a pushed result is not kept")
        .isEqualTo(JobStatus.NOT_FOUND);
    assertThat(jobs.get(19).results().get(pending).status()).as("a pushed federated job is not trained: the client "
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
    services.get(other).storeReplica(JOB, services.get(owner).copyToken(JOB));
    assertThat(jobs.get(other).results().get(JOB).status()).isEqualTo(JobStatus.NOT_FOUND);

    // Once the owner has trained it, the same call makes the node pull the owner's result.
    services.get(19).submit(carrying(JOB), List.of());
    JobResult real = finishedAt(owner, JOB);
    services.get(other).storeReplica(JOB, services.get(owner).copyToken(JOB));
    assertThat(jobs.get(other).results().get(JOB)).isEqualTo(real);
  }

  @Test
  void aCopyComesFromTheKeysOwnerNotFromAPredecessorHoldingAnotherResult() throws Exception {
    JobResult real = ResultStoreTest.doneElsewhere(FILE, 6);
    JobResult forged = ResultStoreTest.doneElsewhere(FILE, 19);
    jobs.get(6).results().record(JOB, real);
    jobs.get(19).results().record(JOB, forged);

    services.get(51).storeReplica(JOB, services.get(6).copyToken(JOB));
    JobResult at51 = await().atMost(DEADLINE).until(() -> jobs.get(51).results().get(JOB),
        r -> r.status() != JobStatus.NOT_FOUND);

    assertThat(idealOwner(FILE)).isEqualTo(6);
    assertThat(at51).as("51's predecessor 19 holds another result; the owner is 6").isEqualTo(real);
  }

  @Test
  void aStoreReplicaNeverReplacesAFinishedResult() throws Exception {
    services.get(19).submit(carrying(JOB), List.of());
    JobResult real = finishedAt(6, JOB);
    drain(6);
    await().atMost(DEADLINE).until(() -> jobs.get(51).results().get(JOB), real::equals);
    jobs.get(19).results().record(JOB, ResultStoreTest.doneElsewhere(FILE, 19));

    services.get(51).storeReplica(JOB, services.get(6).copyToken(JOB));
    drain(51);

    assertThat(jobs.get(51).results().get(JOB)).isEqualTo(real);
  }

  @Test
  void handOverStopsTheJobsAndSendsAPendingJobWithTheNodesOwnFile() throws Exception {
    fileAt(19, "mine");
    ChordNode n19 = sim.liveNodes().stream().filter(n -> n.self().id() == 19).findFirst().orElseThrow();
    JobExecutorTest.ManualPool pool = new JobExecutorTest.ManualPool();
    JobExecutor leavingJobs = new JobExecutor(DataSource.directory(dir(19)), pool, new ResultStore(19));
    JobService leaving = new JobService(n19, leavingJobs, direct, Specs.of(FAST), REPLICAS, Runnable::run);
    JobRequest putData = new JobRequest(JobKey.reference("mine"), Specs.of(FAST), Optional.empty(), Optional.empty());
    JobRequest carried = carrying(new JobKey("run-1", 1, "carried"));
    leavingJobs.submit(putData, false);
    leavingJobs.submit(carried, false);

    byte[] mine = Files.readAllBytes(dir(19).resolve("mine"));

    List<HandedJob> handed = leaving.handOver();

    assertThat(pool.isShutdown()).as("training stopped").isTrue();
    assertThat(handed).extracting(HandedJob::key).containsExactly(putData.key(), carried.key());
    assertThat(handed).extracting(HandedJob::result)
        .containsExactly(JobResult.waiting("mine", 19), JobResult.waiting("carried", 19));
    assertThat(handed.get(0).pending().orElseThrow().data())
        .hasValueSatisfying(d -> assertThat(d).isEqualTo(mine));
    assertThat(handed.get(1).pending()).contains(carried);
  }

  @Test
  void theOwnerKeepsNoSecretOfAJobItTakesSoItsHandOverCarriesNone() throws Exception {
    int owner = idealOwner(JOB.filename());
    ChordNode node = sim.liveNodes().stream().filter(n -> n.self().id() == owner).findFirst().orElseThrow();
    JobExecutorTest.ManualPool pool = new JobExecutorTest.ManualPool();
    JobExecutor ownerJobs = new JobExecutor(DataSource.directory(dir(owner)), pool, new ResultStore(owner));
    JobService service = new JobService(node, ownerJobs, direct, Specs.of(FAST), REPLICAS, Runnable::run);

    SubmitAnswer answer = service.submit(carrying(JOB), List.of());
    List<HandedJob> handed = service.handOver();

    assertThat(answer).isEqualTo(SubmitAnswer.ACCEPTED);
    assertThat(handed).extracting(HandedJob::key).containsExactly(JOB);
    assertThat(handed.get(0).pending().orElseThrow().secret()).isEmpty();
  }
}
