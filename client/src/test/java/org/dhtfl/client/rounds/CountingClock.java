package org.dhtfl.client.rounds;

import java.time.Duration;

/** Time that passes only when the engine pauses, for the tests of the round engine and the file queries. */
final class CountingClock implements RoundClock {
  private long nanos;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public void pause(long millis) {
    nanos += millis * 1_000_000;
  }

  Duration elapsed() {
    return Duration.ofNanos(nanos);
  }
}
