package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueSharesTest {

  /** The shares with the queue's totals, as the executor keeps them. */
  private static final class Queue {
    private final QueueShares shares;
    private int jobs;
    private long bytes;

    Queue(int maxJobs, long maxBytes) {
      shares = new QueueShares(maxJobs, maxBytes);
    }

    Optional<String> refusal(String runId, long jobBytes) {
      return shares.refusal(runId, jobBytes, jobs, bytes);
    }

    void add(String runId, long jobBytes) {
      shares.add(runId, jobBytes);
      jobs++;
      bytes += jobBytes;
    }

    void remove(String runId, long jobBytes) {
      shares.remove(runId, jobBytes);
      jobs--;
      bytes -= jobBytes;
    }
  }

  @Test
  void aLoneRunFillsHalfTheQueueAndNoMore() {
    Queue shares = new Queue(100, 1 << 30);
    for (int i = 0; i < 50; i++) {
      assertThat(shares.refusal("hog", 0)).as("job %d", i).isEmpty();
      shares.add("hog", 0);
    }

    assertThat(shares.refusal("hog", 0)).hasValueSatisfying(why -> assertThat(why)
        .contains("run hog holds 50 jobs, its share of the queue"));
  }

  @Test
  void aRunArrivingAtAFullHalfGetsAnEqualShareAndTheHogNoMore() {
    Queue shares = new Queue(100, 1 << 30);
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
    Queue shares = new Queue(4, 1 << 20);
    for (int i = 0; i < 4; i++) {
      assertThat(shares.refusal("run", 1 << 18)).as("job %d", i).isEmpty();
      shares.add("run", 1 << 18);
    }
  }

  @Test
  void theByteBudgetIsSharedTheSameWay() {
    Queue shares = new Queue(1_000, 1_000L << 20);
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
