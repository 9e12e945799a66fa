package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.junit.jupiter.api.Test;

class OwnerBatchesTest extends JobRingFixture {

  private static final JobKey OTHER = new JobKey(SECRET.runId(), 1, "file0");

  @Test
  void submitJobsServesTheJobsItsNodeOwnsAndAnswersNotOwnerForTheRest() {
    JobService owner = services.get(6);

    List<Optional<SubmitAnswer>> answers = owner.submitOwned(List.of(carrying(JOB), carrying(OTHER)));

    assertThat(answers.get(0)).contains(SubmitAnswer.ACCEPTED);
    assertThat(answers.get(1)).isEqualTo(idealOwner(OTHER.filename()) == 6 ? Optional.of(SubmitAnswer.ACCEPTED)
        : Optional.empty());
    assertThat(finishedAt(6, JOB).status()).isEqualTo(JobStatus.DONE);
    assertThat(hopsOf("submit", JOB)).isEmpty();
    assertThat(services.get(19).submitOwned(List.of(carrying(JOB)))).containsExactly(Optional.empty());
  }

  @Test
  void jobResultsWaitsAtTheOwnerUntilItsJobsAreTrained() {
    JobService owner = services.get(6);
    owner.submitOwned(List.of(carrying(JOB)));

    List<Optional<JobResult>> results = owner.resultsOwned(List.of(JOB), Optional.of(SECRET), Duration.ofSeconds(5));

    assertThat(results).hasSize(1);
    assertThat(results.get(0).orElseThrow().status()).isEqualTo(JobStatus.DONE);
    assertThat(results.get(0).orElseThrow().trainedBy()).hasValue(6);
  }

  @Test
  void jobResultsAnswersNotOwnerAtOnceWhereItsNodeDoesNotOwnTheKey() {
    services.get(6).submitOwned(List.of(carrying(JOB)));
    long started = System.nanoTime();

    List<Optional<JobResult>> results = services.get(19).resultsOwned(List.of(JOB), Optional.of(SECRET),
        Duration.ofSeconds(5));

    assertThat(results).containsExactly(Optional.empty());
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void aJobWithoutItsRunsSecretIsRefusedAsSubmitJobRefusesIt() {
    JobRequest bare = new JobRequest(JOB, Specs.of(FAST), Optional.empty(), Optional.of(letterBytes()));

    assertThatThrownBy(() -> services.get(6).submitOwned(List.of(carrying(OTHER), bare)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> services.get(6).resultsOwned(List.of(JOB), Optional.empty(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(nodesHolding(OTHER)).isEmpty();
  }

  @Test
  void putFilesRoutesEachFileFromItsNodeAsPutDataDoes() throws Exception {
    fileEverywhere(FILE);
    fileEverywhere("file0");

    services.get(19).putAll(List.of(FILE, "file0"));

    assertThat(nodesThatTook(JobKey.reference(FILE))).containsExactly(6);
    assertThat(nodesThatTook(JobKey.reference("file0"))).containsExactly(idealOwner("file0"));
    assertThat(hops).filteredOn(h -> h.kind().equals("deliver") && h.job().equals(FILE))
        .containsExactly(new Hop("deliver", 6, FILE, List.of(19, 51, 6)));
  }

  @Test
  void aBadNameInPutFilesRefusesTheWholeCall() {
    assertThatThrownBy(() -> services.get(19).putAll(List.of(FILE, "../etc/passwd")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(nodesHolding(JobKey.reference(FILE))).isEmpty();
  }
}
