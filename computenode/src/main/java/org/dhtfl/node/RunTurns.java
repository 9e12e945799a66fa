package org.dhtfl.node;

import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A bound on the work done at once, its waiters served by run in turn: when a place frees, it goes
 * to the oldest waiter of the run whose turn it is, and that run goes to the back of the line. So a
 * run that sends hundreds of costly queries delays another run's query by at most one query per
 * place, not by all of its own.
 */
final class RunTurns {

  private final int places;
  private final LinkedHashMap<String, ArrayDeque<Object>> waiting = new LinkedHashMap<>();
  private int busy;

  /** @param places how much work is done at once */
  RunTurns(int places) {
    if (places < 1) {
      throw new IllegalArgumentException("places " + places + " must be at least 1");
    }
    this.places = places;
  }

  /** Waits for a place for the run's work; {@link #release} gives it back. */
  synchronized void acquire(String runId) throws InterruptedException {
    if (busy < places && waiting.isEmpty()) {
      busy++;
      return;
    }
    Object ticket = new Object();
    waiting.computeIfAbsent(runId, run -> new ArrayDeque<>()).add(ticket);
    try {
      while (isWaiting(runId, ticket)) {
        wait();
      }
    } catch (InterruptedException e) {
      if (isWaiting(runId, ticket)) {
        remove(runId, ticket);
      } else {
        release();   // the place came with the interruption: pass it on
      }
      throw e;
    }
  }

  /** Gives a place back, to the next run's oldest waiter if any. */
  synchronized void release() {
    busy--;
    var next = waiting.entrySet().iterator();
    if (next.hasNext() && busy < places) {
      Map.Entry<String, ArrayDeque<Object>> turn = next.next();
      turn.getValue().poll();
      next.remove();
      if (!turn.getValue().isEmpty()) {
        waiting.put(turn.getKey(), turn.getValue());
      }
      busy++;
      notifyAll();
    }
  }

  /** Runs waiting now. */
  synchronized int runsWaiting() {
    return waiting.size();
  }

  private boolean isWaiting(String runId, Object ticket) {
    ArrayDeque<Object> tickets = waiting.get(runId);
    return tickets != null && tickets.contains(ticket);
  }

  private void remove(String runId, Object ticket) {
    ArrayDeque<Object> tickets = waiting.get(runId);
    tickets.remove(ticket);
    if (tickets.isEmpty()) {
      waiting.remove(runId);
    }
  }
}
