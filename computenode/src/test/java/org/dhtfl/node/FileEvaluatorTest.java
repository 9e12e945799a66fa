package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class FileEvaluatorTest {

  private static final FileQuery QUERY = new FileQuery("f", "logistic",
      List.of(TrainingSpecs.rows(Weights.zeros(ModelShape.logistic(1, 2)))), Optional.empty());

  @Test
  void queriesBeyondTheBoundWaitTheirTurnInsteadOfComputingAtOnce() throws Exception {
    AtomicInteger reading = new AtomicInteger();
    AtomicInteger mostAtOnce = new AtomicInteger();
    CountDownLatch open = new CountDownLatch(1);
    FileEvaluator evaluator = new FileEvaluator((file, data, classes) -> {
      mostAtOnce.accumulateAndGet(reading.incrementAndGet(), Math::max);
      try {
        open.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      reading.decrementAndGet();
      return Optional.empty();
    }, 2);
    List<Thread> callers = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      Thread caller = new Thread(() -> evaluator.scores(QUERY));
      caller.start();
      callers.add(caller);
    }

    await().atMost(Duration.ofSeconds(5)).until(() -> reading.get() == 2);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> reading.get() == 2);
    int whileHeld = mostAtOnce.get();
    open.countDown();
    for (Thread caller : callers) {
      caller.join(10_000);
    }

    assertThat(whileHeld).isEqualTo(2);
    assertThat(mostAtOnce.get()).isEqualTo(2);
    assertThat(callers).noneMatch(Thread::isAlive);
  }
}
