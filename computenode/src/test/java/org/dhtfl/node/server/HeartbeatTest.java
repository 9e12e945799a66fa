package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RemoteException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

  private static final String SUPERNODE = "127.0.0.1:9091";

  /** What the supernode answers, one renewal after the other. */
  private final Deque<Heartbeat.Renewal> script = new ArrayDeque<>();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalOut;
  private Heartbeat heartbeat;

  @BeforeEach
  void captureLog() {
    originalOut = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
    heartbeat = new Heartbeat(SUPERNODE, 19, () -> script.remove().renew());
  }

  @AfterEach
  void restore() {
    heartbeat.close();
    System.setOut(originalOut);
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private void answers(long millis) {
    script.add(() -> Duration.ofMillis(millis));
  }

  private void fails(Kind kind, String message) {
    script.add(() -> {
      throw new RemoteException(kind, message);
    });
  }

  @Test
  void theSupernodeNamesThePauseUntilTheNextRenewal() {
    answers(1_500);

    Duration next = heartbeat.beat();

    assertThat(next).isEqualTo(Duration.ofMillis(1_500));
    assertThat(log()).isEmpty();
  }

  @Test
  void aPauseOutsideATenthOfASecondToAMinuteIsBroughtWithin() {
    answers(0);
    answers(3_600_000);

    assertThat(heartbeat.beat()).isEqualTo(Heartbeat.SHORTEST);
    assertThat(heartbeat.beat()).isEqualTo(Heartbeat.LONGEST);
  }

  @Test
  void aSupernodeThatIsDownIsLoggedOnceAndTheLastPauseKept() {
    answers(3_000);
    heartbeat.beat();
    for (int i = 0; i < 5; i++) {
      fails(Kind.UNREACHABLE, "supernode " + SUPERNODE + ": ConnectException (Connection refused)");
    }

    for (int i = 0; i < 5; i++) {
      assertThat(heartbeat.beat()).isEqualTo(Duration.ofMillis(3_000));
    }

    assertThat(log().split("cannot renew", -1)).as(log()).hasSize(2);
    assertThat(log()).contains("cannot renew this node's membership with the supernode at " + SUPERNODE
        + ": supernode " + SUPERNODE + ": ConnectException (Connection refused); the ring goes on, trying again "
        + "every 3000 ms");
  }

  @Test
  void aRefusalAfterAnOutageIsLoggedAndTheSupernodesReturnOnce() {
    fails(Kind.UNREACHABLE, "connection refused");
    fails(Kind.REFUSED, "port 5001 is not in the admission list");
    fails(Kind.REFUSED, "port 5001 is not in the admission list");
    answers(2_000);
    answers(2_000);

    for (int i = 0; i < 5; i++) {
      heartbeat.beat();
    }

    assertThat(log()).contains("connection refused").contains("port 5001 is not in the admission list");
    assertThat(log().split("not in the admission list", -1)).hasSize(2);
    assertThat(log().split("takes this node's heartbeats again", -1)).hasSize(2);
  }

  @Test
  void startedItRenewsByItselfAfterTheFirstPause() throws Exception {
    CountDownLatch renewed = new CountDownLatch(2);
    try (Heartbeat running = Heartbeat.start(SUPERNODE, 19, () -> {
      renewed.countDown();
      return Duration.ofMillis(100);
    })) {
      assertThat(renewed.await(Heartbeat.FIRST.toMillis() + 5_000, TimeUnit.MILLISECONDS)).isTrue();
    }
  }
}
