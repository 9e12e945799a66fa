package org.dhtfl.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JobResultTest {

  @Test
  void aBusyOwnerReportsAFailureThatSaysSoAndIsRecognisedAsBusy() {
    JobResult busy = JobResult.busy("zx0uRKUQj5", 19, 3);

    assertThat(busy.status()).isEqualTo(JobStatus.FAILED);
    assertThat(busy.reason()).isEqualTo("node 19 is busy: 3 jobs already wait");
    assertThat(busy.trainedBy()).hasValue(19);
    assertThat(busy.isBusy()).isTrue();
  }

  @Test
  void otherFailuresAndUnfinishedJobsAreNotBusy() {
    assertThat(JobResult.failed("f", 6, "no file f in letters").isBusy()).isFalse();
    assertThat(JobResult.notFound("f", 6, "node 6 is busy: 1 jobs already wait").isBusy()).isFalse();
    assertThat(JobResult.waiting("f", 6).isBusy()).isFalse();
  }
}
