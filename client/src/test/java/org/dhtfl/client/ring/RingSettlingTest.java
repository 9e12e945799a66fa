package org.dhtfl.client.ring;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.dhtfl.rpc.RemoteException;
import org.junit.jupiter.api.Test;

class RingSettlingTest {

  private final AtomicLong now = new AtomicLong();
  private final AtomicInteger pauses = new AtomicInteger();

  private final RingSettling.Pause pause = ms -> {
    pauses.incrementAndGet();
    now.addAndGet(Duration.ofMillis(ms).toNanos());
  };

  @Test
  void aWalkThatFindsTheJustJoinedNodeAfterTwoLooksEndsTheWait() throws Exception {
    AtomicInteger walks = new AtomicInteger();

    boolean settled = RingSettling.await(() -> 3, () -> walks.incrementAndGet() < 3 ? 2 : 3, Duration.ofSeconds(3),
        pause, now::get);

    assertThat(settled).isTrue();
    assertThat(walks).hasValue(3);
    assertThat(pauses).hasValue(2);
  }

  @Test
  void aListedMemberTheRingNeverReachesCostsTheLimitAndNoMore() throws Exception {
    boolean settled = RingSettling.await(() -> 3, () -> 2, Duration.ofSeconds(3), pause, now::get);

    assertThat(settled).isFalse();
    assertThat(Duration.ofNanos(now.get())).isBetween(Duration.ofSeconds(3), Duration.ofMillis(3_100));
  }

  @Test
  void aSupernodeThatCannotBeAskedEndsTheWaitAtOnce() throws Exception {
    boolean settled = RingSettling.await(() -> {
      throw new RemoteException(RemoteException.Kind.UNREACHABLE, "supernode down");
    }, () -> 3, Duration.ofSeconds(3), pause, now::get);

    assertThat(settled).isFalse();
    assertThat(pauses).hasValue(0);
  }
}
