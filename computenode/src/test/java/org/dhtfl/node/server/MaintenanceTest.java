package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MaintenanceTest {

  @Test
  void anErrorInATaskIsLoggedAndTheTickGoesOnRunningEveryTask() {
    AtomicInteger repairs = new AtomicInteger();
    AtomicInteger other = new AtomicInteger();
    Runnable failingOnce = () -> {
      if (repairs.incrementAndGet() == 1) {
        throw new OutOfMemoryError("injected");
      }
    };
    try (Maintenance maintenance = Maintenance.start("test-maintenance", Duration.ofMillis(10),
        new Maintenance.Task("repair", failingOnce), new Maintenance.Task("other", other::incrementAndGet))) {
      await().atMost(Duration.ofSeconds(10)).until(() -> repairs.get() >= 3 && other.get() >= 3);
    }
    assertThat(other.get()).as("the task after the failing one ran in the failing tick too").isGreaterThanOrEqualTo(3);
  }
}
