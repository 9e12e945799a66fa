package org.dhtfl.client.rounds;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * How one round is driven: the only difference between the reference job and --rounds.
 *
 * @param maxSubmissions  how often a file's job may be sent in all (the first time included)
 * @param backoff         the pause between polling passes
 * @param deadline        how long the round waits for results
 * @param minFraction     the fraction of the files the round needs trained; fewer fails the run
 * @param retryBusy       whether a "busy" failure is sent again like a lost job
 * @param rideOutOutages  whether the round keeps going when no member answers (until the deadline),
 *                        instead of failing the run
 */
public record RoundPolicy(int maxSubmissions, Backoff backoff, Duration deadline, double minFraction,
    boolean retryBusy, boolean rideOutOutages) {

  public RoundPolicy {
    Objects.requireNonNull(backoff, "backoff");
    Objects.requireNonNull(deadline, "deadline");
    if (maxSubmissions < 1) {
      throw new IllegalArgumentException("max submissions " + maxSubmissions + " must be at least 1");
    }
    if (deadline.isNegative() || deadline.isZero()) {
      throw new IllegalArgumentException("deadline " + deadline + " must be positive");
    }
    if (!(minFraction >= 0 && minFraction <= 1)) {
      throw new IllegalArgumentException("min fraction " + minFraction + " out of range 0..1");
    }
  }

  /**
   * The pause before the next polling pass: starts at {@code firstMs} and doubles up to
   * {@code maxMs}; after a pass that finished a file it drops to {@code afterProgressMs}, if given.
   */
  public record Backoff(long firstMs, long maxMs, OptionalLong afterProgressMs) {

    public Backoff {
      Objects.requireNonNull(afterProgressMs, "after progress");
      if (firstMs < 1 || maxMs < firstMs) {
        throw new IllegalArgumentException("backoff " + firstMs + ".." + maxMs
            + " ms is not a range of positive pauses");
      }
    }

    /** The pause after one of {@code pauseMs}: twice as long, at most {@code maxMs}. */
    public long after(long pauseMs) {
      return Math.min(maxMs, pauseMs * 2);
    }
  }

  /**
   * The reference client's job: put_data sent again up to 3 times when the owner lost it, polled
   * every 10 ms doubling to 50 ms, every file counted, a ring that no member answers ends the run.
   */
  public static RoundPolicy reference(Duration deadline) {
    return new RoundPolicy(4, new Backoff(10, 50, OptionalLong.empty()), deadline, 0, false, false);
  }

  /**
   * A round of --rounds: a lost or "busy" job sent up to 6 times in all, polled every 10 ms
   * doubling to 200 ms and back to 5 ms after progress, waiting out outages until the deadline.
   */
  public static RoundPolicy rounds(Duration deadline, double minFraction) {
    return new RoundPolicy(6, new Backoff(10, 200, OptionalLong.of(5)), deadline, minFraction, true, true);
  }
}
