package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class RunTurnsTest {

  private static final Duration DEADLINE = Duration.ofSeconds(20);

  @Test
  void aPlaceFreedGoesToTheNextRunInTurnNotToTheRunWithTheMostWaiters() throws Exception {
    RunTurns turns = new RunTurns(1);
    turns.acquire("hog");
    List<String> served = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(5);
    List<Thread> waiters = new java.util.ArrayList<>();
    for (String run : List.of("hog", "hog", "hog", "hog")) {
      waiters.add(waiter(turns, run, served, done));
    }
    await().atMost(DEADLINE).until(() -> turns.runsWaiting() == 1);
    waiters.add(waiter(turns, "client", served, done));
    await().atMost(DEADLINE).until(() -> turns.runsWaiting() == 2);

    turns.release();
    done.await();

    assertThat(served.subList(0, 2)).as("the hog's oldest, then the client's, before the hog's others")
        .containsExactly("hog", "client");
    assertThat(served).hasSize(5);
  }

  @Test
  void placesAreNotExceeded() throws Exception {
    RunTurns turns = new RunTurns(2);
    turns.acquire("a");
    turns.acquire("b");
    List<String> served = new CopyOnWriteArrayList<>();
    CountDownLatch done = new CountDownLatch(1);
    waiter(turns, "c", served, done);
    await().atMost(DEADLINE).until(() -> turns.runsWaiting() == 1);
    assertThat(served).isEmpty();

    turns.release();
    done.await();
    assertThat(served).containsExactly("c");
  }

  /** A thread that takes a place for the run, notes the run, and gives the place back. */
  private static Thread waiter(RunTurns turns, String run, List<String> served, CountDownLatch done) {
    Thread t = new Thread(() -> {
      try {
        turns.acquire(run);
        served.add(run);
        turns.release();
        done.countDown();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    t.setDaemon(true);
    t.start();
    return t;
  }
}
