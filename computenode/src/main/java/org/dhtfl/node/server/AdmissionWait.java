package org.dhtfl.node.server;

import java.io.IOException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import javax.net.ssl.SSLException;
import org.dhtfl.chord.JoinException;
import org.dhtfl.node.thrift.SupernodeClient.Admission;
import org.dhtfl.node.thrift.SupernodeClient.Busy;
import org.dhtfl.node.thrift.SupernodeClient.JoinAnswer;
import org.dhtfl.rpc.RemoteException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a node waits to be admitted: it asks the supernode (join_ring) until it is.
 *
 * <ul>
 *   <li>A supernode that cannot be reached (not started yet: connection refused, time-out) is
 *       waited for. The node says so once, with the reason, and asks again after 0.5 s, then
 *       twice as long each time, up to 5 s.
 *   <li>Another node joining (the supernode's NACK), or a supernode that has just started and
 *       waits for the members of its ring to renew, is waited for from 0.1 s up to 2 s, with
 *       jitter, so that nodes started together do not keep asking in step.
 *   <li>A refusal, a full ring, a failed TLS handshake or an answer that makes no sense end the
 *       wait at once: asking again cannot change them.
 * </ul>
 *
 * <p>An optional limit bounds the whole wait, and a stop (Ctrl-C) ends it between two requests.
 * Time and pauses come from {@link Pauses}, so tests run the wait without sleeping.
 */
final class AdmissionWait {

  /** One join request (join_ring): the admission, or busy with the supernode's reason. */
  @FunctionalInterface
  interface Attempt {
    JoinAnswer requestJoin() throws JoinException, RemoteException;
  }

  /** The wait's clock and pauses. */
  interface Pauses {
    /** A monotonic clock, in milliseconds. */
    long nowMillis();

    /** Waits for the duration; false when the node was told to stop meanwhile. */
    boolean pause(Duration duration);
  }

  /** Delays that start at {@code first} and double up to {@code max}. */
  record Backoff(Duration first, Duration max) {
    Duration after(Duration previous) {
      Duration doubled = previous.multipliedBy(2);
      return doubled.compareTo(max) > 0 ? max : doubled;
    }
  }

  static final Backoff SUPERNODE_DOWN = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(5));
  static final Backoff ANOTHER_JOINING = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final String supernode;
  private final Attempt attempt;
  private final Optional<Duration> limit;
  private final Pauses pauses;
  private final RandomGenerator random;

  /**
   * @param supernode the supernode's address, for the messages
   * @param limit how long to wait at most; empty: until admitted or stopped
   * @param random the jitter of the waits while another node joins
   */
  AdmissionWait(String supernode, Attempt attempt, Optional<Duration> limit, Pauses pauses, RandomGenerator random) {
    this.supernode = Objects.requireNonNull(supernode, "supernode");
    this.attempt = Objects.requireNonNull(attempt, "attempt");
    this.limit = Objects.requireNonNull(limit, "limit");
    this.pauses = Objects.requireNonNull(pauses, "pauses");
    this.random = Objects.requireNonNull(random, "random");
    limit.ifPresent(l -> {
      if (l.toMillis() < 1) {
        throw new IllegalArgumentException("join time-out " + l.toMillis() + " ms must be positive");
      }
    });
  }

  /** Pauses on the system's monotonic clock that end early once {@code stop} is counted down. */
  static Pauses until(CountDownLatch stop) {
    return new Pauses() {
      @Override
      public long nowMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime());
      }

      @Override
      public boolean pause(Duration duration) {
        try {
          return !stop.await(duration.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
    };
  }

  /**
   * Asks until admitted.
   *
   * @throws JoinException when the supernode will not admit the node, cannot be used, or did not
   *     admit it within the limit; the message says which
   * @throws StoppedBeforeJoining when the node was told to stop first
   */
  Admission admit() throws JoinException, StoppedBeforeJoining {
    long start = pauses.nowMillis();
    Duration downDelay = SUPERNODE_DOWN.first();
    Duration busyDelay = ANOTHER_JOINING.first();
    boolean down = false;
    long downSince = start;
    while (true) {
      Duration pause;
      String waitingFor;
      try {
        JoinAnswer answer = attempt.requestJoin();
        if (down) {
          down = false;
          LOG.info("the supernode at {} answers, after {} s of waiting", supernode,
              seconds(pauses.nowMillis() - downSince));
        }
        if (answer instanceof Admission admitted) {
          return admitted;
        }
        String reason = ((Busy) answer).reason();
        pause = busyDelay.plusMillis(random.nextLong(busyDelay.toMillis() / 2 + 1));
        busyDelay = ANOTHER_JOINING.after(busyDelay);
        downDelay = SUPERNODE_DOWN.first();
        waitingFor = "the supernode kept answering that it is busy (" + reason + ")";
        LOG.info("the supernode is busy ({}); asking again in {} ms", reason, pause.toMillis());
      } catch (RemoteException e) {
        if (!worthWaiting(e)) {
          throw new JoinException("cannot use the supernode at " + supernode + ", and asking again would not help: "
              + e.getMessage(), e);
        }
        String why = why(e);
        if (!down) {
          down = true;
          downSince = pauses.nowMillis();
          LOG.warn("waiting for the supernode at {} ({}); asking again every {} to {} s{}", supernode, why,
              seconds(SUPERNODE_DOWN.first().toMillis()), seconds(SUPERNODE_DOWN.max().toMillis()),
              limit.map(l -> ", for at most " + l.toSeconds() + " s").orElse(" until it answers"));
        } else {
          LOG.debug("the supernode at {} still does not answer ({})", supernode, why);
        }
        pause = downDelay;
        downDelay = SUPERNODE_DOWN.after(downDelay);
        busyDelay = ANOTHER_JOINING.first();
        waitingFor = "the supernode at " + supernode + " did not answer (" + why + ")";
      }
      if (limit.isPresent()) {
        long left = start + limit.get().toMillis() - pauses.nowMillis();
        if (left <= 0) {
          throw new JoinException("not admitted within " + seconds(limit.get().toMillis()) + " s: " + waitingFor);
        }
        pause = pause.toMillis() > left ? Duration.ofMillis(left) : pause;
      }
      if (!pauses.pause(pause)) {
        throw new StoppedBeforeJoining("stopped while waiting to be admitted by the supernode at " + supernode
            + "; the node did not join");
      }
    }
  }

  /**
   * True when the supernode may answer later: it could not be reached or broke off. A TLS
   * handshake that failed, a refused request or a garbled answer stay so.
   */
  static boolean worthWaiting(RemoteException e) {
    if (e.kind() != RemoteException.Kind.UNREACHABLE) {
      return false;
    }
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SSLException) {
        return false;
      }
    }
    return true;
  }

  /** Why the supernode could not be reached, in a few words: "connection refused", "connect timed out". */
  static String why(RemoteException e) {
    Throwable innermost = null;
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof IOException) {
        innermost = t;
      }
    }
    if (innermost instanceof UnknownHostException) {
      return "unknown host " + innermost.getMessage();
    }
    if (innermost == null || innermost.getMessage() == null || innermost.getMessage().isBlank()) {
      return e.getMessage();
    }
    String message = innermost.getMessage();
    return message.substring(0, 1).toLowerCase(Locale.ROOT) + message.substring(1);
  }

  private static String seconds(long millis) {
    return millis % 1000 == 0 ? String.valueOf(millis / 1000) : String.format(Locale.ROOT, "%.1f", millis / 1000.0);
  }
}
