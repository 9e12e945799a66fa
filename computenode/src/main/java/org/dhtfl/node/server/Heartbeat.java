package org.dhtfl.node.server;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dhtfl.rpc.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A member's heartbeat: the node renews its membership with the supernode every few seconds, so a
 * supernode that restarted without its membership file learns the ring again, and one that keeps
 * its members knows they are alive. Each answer names the pause until the next renewal. A
 * supernode that cannot be reached or refuses is logged once, and again when it takes the
 * heartbeats again: the ring goes on without it.
 */
final class Heartbeat implements AutoCloseable {

  /** One renewal: the supernode's pause until the next. */
  @FunctionalInterface
  interface Renewal {
    Duration renew() throws RemoteException;
  }

  /** The pause before the first renewal, and after a failed one when no supernode ever named one. */
  static final Duration FIRST = Duration.ofSeconds(2);
  static final Duration SHORTEST = Duration.ofMillis(100);
  static final Duration LONGEST = Duration.ofMinutes(1);

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final String supernode;
  private final Renewal renewal;
  private final ScheduledExecutorService scheduler;
  // Touched by the scheduler's one thread only (or by a test that calls beat()).
  private Duration period = FIRST;
  private Optional<RemoteException.Kind> failing = Optional.empty();

  /** A heartbeat that renews only when {@link #beat()} is called; {@link #start} makes it periodic. */
  Heartbeat(String supernode, int nodeId, Renewal renewal) {
    this.supernode = Objects.requireNonNull(supernode, "supernode");
    this.renewal = Objects.requireNonNull(renewal, "renewal");
    // Its thread starts with the first scheduled renewal.
    this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "node-" + nodeId + "-heartbeat");
      t.setDaemon(true);
      return t;
    });
  }

  /** Renews every period, on a thread of its own, from one period after now. */
  static Heartbeat start(String supernode, int nodeId, Renewal renewal) {
    Heartbeat heartbeat = new Heartbeat(supernode, nodeId, renewal);
    heartbeat.scheduleNext(FIRST);
    return heartbeat;
  }

  /** One renewal; returns the pause until the next. */
  Duration beat() {
    try {
      Duration asked = renewal.renew();
      period = asked.compareTo(SHORTEST) < 0 ? SHORTEST : asked.compareTo(LONGEST) > 0 ? LONGEST : asked;
      if (failing.isPresent()) {
        failing = Optional.empty();
        LOG.info("the supernode at {} takes this node's heartbeats again", supernode);
      }
    } catch (RemoteException e) {
      if (failing.isEmpty() || failing.get() != e.kind()) {
        failing = Optional.of(e.kind());
        LOG.warn("cannot renew this node's membership with the supernode at {}: {}; the ring goes on, trying again "
            + "every {} ms", supernode, e.getMessage(), period.toMillis());
      }
    } catch (RuntimeException e) {
      LOG.warn("heartbeat failed", e);
    }
    return period;
  }

  private void scheduleNext(Duration pause) {
    try {
      scheduler.schedule(() -> scheduleNext(beat()), pause.toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed: the node is leaving.
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
