package org.dhtfl.node.server;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.RingMerge;
import org.dhtfl.node.ResultStore;
import org.dhtfl.node.thrift.AdmittedMembers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's periodic work, every interval on a thread of its own: Chord's maintenance
 * (stabilize, fix_fingers, check_predecessor), then forgetting the results of idle runs; and, on a
 * slower tick, the check for another ring.
 */
final class Maintenance implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ScheduledExecutorService scheduler;

  private Maintenance(ScheduledExecutorService scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Fault injection for the integration tests: with this system property set to true, the first
   * maintenance round throws an Error before it repairs anything.
   */
  static final String INJECT_ERROR = "dhtfl.inject-maintenance-error";

  static Maintenance start(ChordNode chord, ResultStore results, AdmittedMembers members, Duration interval) {
    AtomicBoolean inject = new AtomicBoolean(Boolean.getBoolean(INJECT_ERROR));
    Runnable round = () -> {
      if (inject.getAndSet(false)) {
        throw new OutOfMemoryError("injected by -D" + INJECT_ERROR + "=true");
      }
      chord.maintain();
    };
    return start("node-" + chord.self().id() + "-maintenance", interval,
        new Task("maintenance round", round), new Task("forgetting idle runs", results::forgetIdleRuns),
        new Task("hearing the admitted members", members::learn));
  }

  /** Chord's rounds per check for another ring: the check is rarer, since rings part rarely. */
  static final int ROUNDS_PER_UNIFICATION = 10;

  /**
   * Ring unification (see {@link ChordNode#unify}), on a thread of its own so that a member that
   * cannot be reached never holds up stabilization: every {@link #ROUNDS_PER_UNIFICATION} maintenance
   * intervals the node checks one member the supernode lists for another ring.
   */
  static Maintenance unification(ChordNode chord, AdmittedMembers members, Duration interval) {
    Runnable check = () -> {
      if (chord.unify(members.listed()) == RingMerge.Outcome.OTHER_RING) {
        LOG.info("node {} met another ring among the supernode's members; joining it (successor now {})",
            chord.self().id(), chord.successor());
      }
    };
    return start("node-" + chord.self().id() + "-unification", interval.multipliedBy(ROUNDS_PER_UNIFICATION),
        new Task("checking for another ring", check));
  }

  /** One step of the tick, named for the log. */
  record Task(String name, Runnable step) {
  }

  /**
   * Runs the tasks every interval on a thread of their own. Whatever a task throws, an Error too,
   * is logged and the tick goes on: a scheduled task that throws once is never run again, and the
   * node would answer pings but repair nothing.
   */
  static Maintenance start(String threadName, Duration interval, Task... tasks) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, threadName);
      t.setDaemon(true);
      return t;
    });
    long period = interval.toMillis();
    scheduler.scheduleWithFixedDelay(() -> {
      for (Task task : tasks) {
        try {
          task.step().run();
        } catch (Throwable e) {
          LOG.warn("{} failed; the next tick runs it again", task.name(), e);
        }
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return new Maintenance(scheduler);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
