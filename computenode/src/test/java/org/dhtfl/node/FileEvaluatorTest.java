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
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class FileEvaluatorTest {

  private static final FileQuery QUERY = new FileQuery("f", "logistic",
      List.of(TrainingSpecs.rows(Weights.zeros(ModelShape.logistic(1, 2)))), Optional.empty());

  @Test
  void modelsWhoseFirstLayersShareAWidthAreScoredAsModelsOfTheFilesInputs() {
    // Arrange: 4 inputs and layers 6,6 have as many rows of 6 values as 11 inputs and one layer of 6
    ModelShape shape = ModelShape.mlp(4, List.of(6, 6), 3);
    Weights model = StartWeights.HE.draw(shape, 2);
    Dataset data = Dataset.labelled("f", 4, new double[] {1, 2, 3, 4, 4, 3, 2, 1, 0, 1, 0, 1},
        new int[] {0, 1, 2});
    FileQuery query = new FileQuery("f", "mlp", List.of(TrainingSpecs.rows(model)), Optional.empty());
    FileEvaluator evaluator = new FileEvaluator((file, bytes, classes) -> Optional.of(data), 1);

    // Act
    Optional<ModelScores> scores = evaluator.scores(query);

    // Assert
    assertThat(scores).isPresent();
    assertThat(scores.get().correct()).containsExactly(Trainer.correct(model, data));
    assertThat(scores.get().rows()).isEqualTo(3);
  }

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
