package org.dhtfl.node;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.ring.RingPrinter;
import org.dhtfl.ring.RingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prints the node's finger table, predecessor and successors when they change. Changes that come
 * in a burst (a join updates one finger after another) are printed once, as they stand when the
 * burst is over.
 */
public final class RingReporter implements ChordNode.Listener, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final long quietMillis;
  private final ScheduledExecutorService timer;
  private RingState latest;
  private RingState printed;
  private boolean scheduled;

  public RingReporter(long quietMillis) {
    this.quietMillis = quietMillis;
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "ring-reporter");
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public synchronized void ringChanged(RingState state) {
    latest = state;
    if (!scheduled) {
      scheduled = true;
      timer.schedule(this::print, quietMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void print() {
    RingState state;
    synchronized (this) {
      scheduled = false;
      if (latest.equals(printed)) {
        return;
      }
      state = latest;
      printed = latest;
    }
    LOG.info("ring changed:\n{}", RingPrinter.describe(state));
  }

  /** Prints what is pending now. */
  @Override
  public void close() {
    timer.shutdownNow();
    synchronized (this) {
      if (latest != null && !latest.equals(printed)) {
        printed = latest;
        LOG.info("ring changed:\n{}", RingPrinter.describe(latest));
      }
    }
  }
}
