package org.dhtfl.node;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * When each run was last used on this node (a job submitted, a result finished or copied here,
 * a result read), so that the results of a run nobody uses any more can be forgotten. Time comes
 * from a clock given to it, so tests move it by hand. Not thread-safe: its owner guards it.
 */
final class IdleRuns {

  private final Duration ttl;
  private final LongSupplier clockMillis;
  private final Map<String, Long> lastUse = new HashMap<>();

  /**
   * @param ttl how long a run may go unused before it is idle; at least a millisecond
   * @param clockMillis a monotonic clock in milliseconds
   */
  IdleRuns(Duration ttl, LongSupplier clockMillis) {
    Objects.requireNonNull(ttl, "ttl");
    if (ttl.toMillis() < 1) {
      throw new IllegalArgumentException("result time-to-live " + ttl.toMillis() + " ms must be at least 1 ms");
    }
    this.ttl = ttl;
    this.clockMillis = Objects.requireNonNull(clockMillis, "clock");
  }

  Duration ttl() {
    return ttl;
  }

  /** The run is in use now. */
  void use(String runId) {
    lastUse.put(runId, clockMillis.getAsLong());
  }

  /** The runs unused for the time-to-live or longer, in a set the caller may change. */
  Set<String> idle() {
    long now = clockMillis.getAsLong();
    long ttlMillis = ttl.toMillis();
    return lastUse.entrySet().stream().filter(e -> now - e.getValue() >= ttlMillis).map(Map.Entry::getKey)
        .collect(Collectors.toCollection(HashSet::new));
  }

  /** Stops tracking the run (its results are gone). */
  void forget(String runId) {
    lastUse.remove(runId);
  }

  /** Runs tracked. */
  int size() {
    return lastUse.size();
  }
}
