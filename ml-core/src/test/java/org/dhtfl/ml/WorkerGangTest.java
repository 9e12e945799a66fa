package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class WorkerGangTest {

  @Test
  void everyRunRunsTheTaskOnceForEveryWorker() {
    // Arrange
    AtomicIntegerArray runs = new AtomicIntegerArray(3);

    // Act
    try (WorkerGang gang = new WorkerGang(3, runs::incrementAndGet, "test")) {
      for (int i = 0; i < 100; i++) {
        gang.run();
      }
    }

    // Assert
    assertThat(runs.get(0)).isEqualTo(100);
    assertThat(runs.get(1)).isEqualTo(100);
    assertThat(runs.get(2)).isEqualTo(100);
  }

  @Test
  void writesOfTheHelpersAreVisibleAfterTheRun() {
    // Arrange: plain (non-volatile) array, each worker writing its own slot
    long[] sums = new long[2];

    // Act
    try (WorkerGang gang = new WorkerGang(2, worker -> sums[worker] += worker + 1, "test")) {
      for (int i = 0; i < 1000; i++) {
        gang.run();
      }
    }

    // Assert
    assertThat(sums).containsExactly(1000, 2000);
  }

  @Test
  void aFailingHelperFailsTheRun() {
    try (WorkerGang gang = new WorkerGang(2, worker -> {
      if (worker == 1) {
        throw new IllegalStateException("helper broke");
      }
    }, "test")) {
      assertThatThrownBy(gang::run).isInstanceOf(IllegalStateException.class).hasMessage("helper broke");
    }
  }

  @Test
  void closeStopsTheHelperThreads() throws InterruptedException {
    // Arrange
    Thread[] helper = new Thread[1];
    WorkerGang gang = new WorkerGang(2, worker -> {
      if (worker == 1) {
        helper[0] = Thread.currentThread();
      }
    }, "test");
    gang.run();

    // Act
    gang.close();

    // Assert
    helper[0].join(5000);
    assertThat(helper[0].isAlive()).isFalse();
  }

  @Test
  void fewerThanTwoWorkersIsRefused() {
    assertThatThrownBy(() -> new WorkerGang(1, worker -> { }, "test"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("workers 1");
  }
}
