package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TrainerShareTest {

  @Test
  void aShareThatStopsRefusesItsWorkWhileTheOtherSharesAndThePoolGoOn() throws InterruptedException {
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      TrainerShare stopped = new TrainerShare(pool);
      TrainerShare running = new TrainerShare(pool);
      CountDownLatch ran = new CountDownLatch(1);

      stopped.shutdownNow();
      running.execute(ran::countDown);

      assertThat(ran.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(stopped.isShutdown()).isTrue();
      assertThat(running.isShutdown()).isFalse();
      assertThat(pool.isShutdown()).isFalse();
      assertThatThrownBy(() -> stopped.execute(() -> { })).isInstanceOf(RejectedExecutionException.class);
    } finally {
      pool.shutdownNow();
    }
  }
}
