package org.dhtfl.supernode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * What lets the supernode restart without losing the ring.
 *
 * @param stateFile the membership file, rewritten at every change and read back at start
 * @param heartbeat how often members are asked to renew their membership
 * @param grace after a start that found no member, how long no joiner is told that it is the first
 * @param dropAfter how long a member may go without renewing or answering a health check
 */
public record RestartOptions(Path stateFile, Duration heartbeat, Duration grace, Duration dropAfter) {

  public RestartOptions {
    Objects.requireNonNull(stateFile, "state file");
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat period " + heartbeat.toMillis() + " ms must be positive");
    }
    if (grace.isNegative()) {
      throw new IllegalArgumentException("grace period " + grace.toMillis() + " ms must not be negative");
    }
    if (dropAfter.compareTo(heartbeat) <= 0) {
      throw new IllegalArgumentException("drop time " + dropAfter.toMillis() + " ms must be longer than the heartbeat "
          + "period " + heartbeat.toMillis() + " ms");
    }
  }

  /** The defaults of the supernode program for this heartbeat: a grace of 3 heartbeats, a drop after 5. */
  public static RestartOptions of(Path stateFile, Duration heartbeat) {
    return new RestartOptions(stateFile, heartbeat, heartbeat.multipliedBy(3), heartbeat.multipliedBy(5));
  }
}
