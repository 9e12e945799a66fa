package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class IdleRunsTest {

  private final AtomicLong now = new AtomicLong(1_000);
  private final IdleRuns runs = new IdleRuns(Duration.ofSeconds(10), now::get);

  @Test
  void aRunIsIdleOnceTheTimeToLiveHasPassedSinceItsLastUse() {
    runs.use("run-a");

    now.addAndGet(9_999);
    boolean idleEarly = runs.idle().contains("run-a");
    now.addAndGet(1);

    assertThat(idleEarly).isFalse();
    assertThat(runs.idle()).containsExactly("run-a");
  }

  @Test
  void aNewUseStartsTheTimeToLiveAgain() {
    runs.use("run-a");
    now.addAndGet(9_000);

    runs.use("run-a");
    now.addAndGet(9_000);

    assertThat(runs.idle()).isEmpty();
  }

  @Test
  void onlyTheRunsPastTheirTimeToLiveAreIdle() {
    runs.use("old");
    now.addAndGet(5_000);
    runs.use("recent");
    now.addAndGet(5_000);

    assertThat(runs.idle()).containsExactly("old");
  }

  @Test
  void aForgottenRunIsNoLongerTracked() {
    runs.use("run-a");
    now.addAndGet(10_000);

    runs.forget("run-a");

    assertThat(runs.idle()).isEmpty();
    assertThat(runs.size()).isZero();
  }

  @Test
  void theIdleSetIsTheCallersToChange() {
    runs.use("run-a");
    now.addAndGet(10_000);

    runs.idle().clear();

    assertThat(runs.idle()).containsExactly("run-a");
  }

  @Test
  void aTimeToLiveBelowOneMillisecondIsRefusedNamingIt() {
    assertThatThrownBy(() -> new IdleRuns(Duration.ofNanos(500), now::get))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("result time-to-live 0 ms must be at least 1 ms");
  }
}
