package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueueSharesTest {

  @Test
  void aLoneRunFillsHalfTheQueueAndNoMore() {
    QueueShares shares = new QueueShares(100, 1 << 30);
    for (int i = 0; i < 50; i++) {
      assertThat(shares.refusal("hog", 0)).as("job %d", i).isEmpty();
      shares.add("hog", 0);
    }

    assertThat(shares.refusal("hog", 0)).hasValueSatisfying(why -> assertThat(why)
        .contains("run hog holds 50 jobs, its share of the queue"));
  }

  @Test
  void aRunArrivingAtAFullHalfGetsAnEqualShareAndTheHogNoMore() {
    QueueShares shares = new QueueShares(100, 1 << 30);
    for (int i = 0; i < 50; i++) {
      shares.add("hog", 0);
    }

    for (int i = 0; i < 25; i++) {
      assertThat(shares.refusal("client", 0)).as("client job %d", i).isEmpty();
      shares.add("client", 0);
    }
    assertThat(shares.refusal("client", 0)).isPresent();
    assertThat(shares.refusal("hog", 0)).isPresent();

    for (int i = 0; i < 26; i++) {
      shares.remove("hog", 0);
    }
    assertThat(shares.refusal("hog", 0)).as("below half the queue everyone queues").isEmpty();
  }

  @Test
  void aQueueTooSmallToShareIsFirstComeFirstServed() {
    QueueShares shares = new QueueShares(4, 1 << 20);
    for (int i = 0; i < 4; i++) {
      assertThat(shares.refusal("run", 1 << 18)).as("job %d", i).isEmpty();
      shares.add("run", 1 << 18);
    }
  }

  @Test
  void theByteBudgetIsSharedTheSameWay() {
    QueueShares shares = new QueueShares(1_000, 1_000L << 20);
    for (int i = 0; i < 5; i++) {
      assertThat(shares.refusal("hog", 100L << 20)).isEmpty();
      shares.add("hog", 100L << 20);
    }

    assertThat(shares.refusal("hog", 100L << 20)).hasValueSatisfying(why -> assertThat(why).contains("KiB of job data"));
    assertThat(shares.refusal("client", 100L << 20)).isEmpty();
    shares.add("client", 100L << 20);
    shares.add("client", 100L << 20);
    assertThat(shares.refusal("client", 100L << 20)).as("two runs: each may hold a quarter of the budget, 250 MiB")
        .isPresent();
  }
}
