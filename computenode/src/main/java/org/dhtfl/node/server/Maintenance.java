package org.dhtfl.node.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.node.TrainingJobs;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic work, every interval on a thread of its own: Chord's maintenance
 * (stabilize, fix_fingers, check_predecessor), then forgetting the results of idle runs.
 */
final class Maintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ScheduledExecutorService scheduler;

  private Maintenance(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  static Maintenance start(ChordNode chord, TrainingJobs jobs, Duration interval) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "node-" + chord.self().id() + "-maintenance");
      t.setDaemon(true);
      return t;
    });
    long period = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      try {
        chord.maintain();
      } catch (RuntimeException e) {
        LOG.warn("maintenance round failed", e);
      }
      try {
        jobs.forgetIdleRuns();
      } catch (RuntimeException e) {
        LOG.warn("forgetting idle runs failed", e);
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return new Maintenance(scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
