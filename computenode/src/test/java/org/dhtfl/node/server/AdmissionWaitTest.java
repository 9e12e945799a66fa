package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLHandshakeException;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.chord.JoinException;
import org.dhtfl.node.thrift.SupernodeClient.Admission;
import org.dhtfl.node.thrift.SupernodeClient.Busy;
import org.dhtfl.node.thrift.SupernodeClient.JoinAnswer;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RemoteException.Kind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdmissionWaitTest {

  private static final String SUPERNODE = "127.0.0.1:9091";
  private static final Admission ADMITTED =
      new Admission(new NodeRef(19, "127.0.0.1", 5001), 6, 0, Optional.empty());

  /** What the supernode answers, one request_join after the other. */
  private final Deque<Answer> script = new ArrayDeque<>();
  private int requests;
  private final Clock clock = new Clock();
  // The node's log lines go to standard output (slf4j-simple), which the tests read.
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();
  private PrintStream originalOut;

  @FunctionalInterface
  private interface Answer {
    JoinAnswer give() throws JoinException, RemoteException;
  }

  /** A clock that a pause moves on at once; the pause numbered {@code stopAt} finds the node stopped. */
  private static final class Clock implements AdmissionWait.Pauses {
    long now = 1_000_000;
    final List<Long> pauses = new ArrayList<>();
    int stopAt = -1;

    @Override
    public long nowMillis() {
      return now;
    }

    @Override
    public boolean pause(Duration duration) {
      pauses.add(duration.toMillis());
      now += duration.toMillis();
      return pauses.size() != stopAt;
    }
  }

  @BeforeEach
  void captureLog() {
    originalOut = System.out;
    System.setOut(new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setOut(originalOut);
  }

  private String log() {
    return log.toString(StandardCharsets.UTF_8);
  }

  private static RemoteException refusedConnection() {
    return new RemoteException(Kind.UNREACHABLE, "supernode " + SUPERNODE + ": ConnectException (Connection refused)",
        new TTransportException(TTransportException.NOT_OPEN, new ConnectException("Connection refused")));
  }

  private static RemoteException timedOut() {
    return new RemoteException(Kind.UNREACHABLE, "supernode " + SUPERNODE + ": SocketTimeoutException",
        new TTransportException(TTransportException.TIMED_OUT, new SocketTimeoutException("Connect timed out")));
  }

  private void down(int requestsUnanswered) {
    for (int i = 0; i < requestsUnanswered; i++) {
      script.add(() -> {
        throw refusedConnection();
      });
    }
  }

  private void busy(int nacks) {
    for (int i = 0; i < nacks; i++) {
      script.add(() -> new Busy("another node is joining"));
    }
  }

  private void admitted() {
    script.add(() -> ADMITTED);
  }

  private void failing(Exception e) {
    script.add(() -> {
      if (e instanceof JoinException join) {
        throw join;
      }
      throw (RemoteException) e;
    });
  }

  private AdmissionWait waitFor(Optional<Duration> limit) {
    return new AdmissionWait(SUPERNODE, () -> {
      requests++;
      Answer next = script.poll();
      if (next == null) {
        throw new IllegalStateException("asked " + requests + " times, the script has fewer answers");
      }
      return next.give();
    }, limit, clock, new Random(7));
  }

  private AdmissionWait waitForever() {
    return waitFor(Optional.empty());
  }

  private static int count(String text, String part) {
    Matcher m = Pattern.compile(Pattern.quote(part)).matcher(text);
    int n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  // ------------------------------------------------------------ a supernode that is not up yet

  @Test
  void aNodeStartedBeforeItsSupernodeIsAdmittedAsSoonAsTheSupernodeAnswers() throws Exception {
    down(4);
    admitted();

    Admission admission = waitForever().admit();

    assertThat(admission).isEqualTo(ADMITTED);
    assertThat(requests).isEqualTo(5);
    assertThat(clock.pauses).containsExactly(500L, 1_000L, 2_000L, 4_000L);
  }

  @Test
  void theWaitBetweenRequestsDoublesFromHalfASecondUpToFiveSeconds() throws Exception {
    down(8);
    admitted();

    waitForever().admit();

    assertThat(clock.pauses).containsExactly(500L, 1_000L, 2_000L, 4_000L, 5_000L, 5_000L, 5_000L, 5_000L);
  }

  @Test
  void withoutALimitTheNodeWaitsForTheSupernodeAsLongAsItTakes() throws Exception {
    down(2_000);
    admitted();

    Admission admission = waitForever().admit();

    assertThat(admission).isEqualTo(ADMITTED);
    assertThat(clock.pauses.stream().mapToLong(Long::longValue).sum()).isGreaterThan(Duration.ofHours(2).toMillis());
  }

  @Test
  void theNodeSaysOnceThatItWaitsNamingTheSupernodeAndTheReasonThenThatItAnswers() throws Exception {
    down(6);
    admitted();

    waitForever().admit();

    assertThat(count(log(), "waiting for the supernode at 127.0.0.1:9091 (connection refused)")).isEqualTo(1);
    assertThat(log()).contains("until it answers")
        .contains("the supernode at 127.0.0.1:9091 answers, after 17.5 s of waiting");
  }

  @Test
  void aTimeOutIsTheReasonWhenTheSupernodeDoesNotAcceptTheConnection() throws Exception {
    failing(timedOut());
    admitted();

    waitForever().admit();

    assertThat(log()).contains("waiting for the supernode at 127.0.0.1:9091 (connect timed out)");
  }

  @Test
  void withALimitTheNodeGivesUpAtTheLimitNamingItAndTheReason() {
    down(100);

    assertThatThrownBy(() -> waitFor(Optional.of(Duration.ofSeconds(10))).admit())
        .isInstanceOf(JoinException.class)
        .hasMessage("not admitted within 10 s: the supernode at 127.0.0.1:9091 did not answer (connection refused)");
    assertThat(clock.pauses).containsExactly(500L, 1_000L, 2_000L, 4_000L, 2_500L);
    assertThat(requests).as("a last request at the limit").isEqualTo(6);
    assertThat(log()).contains("for at most 10 s");
  }

  @Test
  void aStopWhileWaitingEndsTheWaitWithoutJoining() {
    down(100);
    clock.stopAt = 3;

    assertThatThrownBy(() -> waitForever().admit())
        .isInstanceOf(StoppedBeforeJoining.class)
        .hasMessageContaining("stopped while waiting to be admitted by the supernode at 127.0.0.1:9091");
    assertThat(requests).isEqualTo(3);
  }

  // ------------------------------------------------------------ answers that asking again cannot change

  @Test
  void aRefusalAfterTheSupernodeCameUpEndsTheWaitWithItsReason() {
    down(2);
    failing(new JoinException("the supernode refused port 5001: 127.0.0.1:5001 is not on the admission list"));

    assertThatThrownBy(() -> waitForever().admit())
        .isInstanceOf(JoinException.class)
        .hasMessage("the supernode refused port 5001: 127.0.0.1:5001 is not on the admission list");
    assertThat(requests).isEqualTo(3);
  }

  @Test
  void aFailedTlsHandshakeEndsTheWaitAtOnce() {
    failing(new RemoteException(Kind.UNREACHABLE, "supernode " + SUPERNODE + ": SSLHandshakeException (PKIX path "
        + "building failed)", new TTransportException(TTransportException.NOT_OPEN,
            new SSLHandshakeException("PKIX path building failed"))));

    assertThatThrownBy(() -> waitForever().admit())
        .isInstanceOf(JoinException.class)
        .hasMessageContaining("cannot use the supernode at 127.0.0.1:9091, and asking again would not help")
        .hasMessageContaining("PKIX path building failed");
    assertThat(clock.pauses).isEmpty();
  }

  @Test
  void anAnswerThatMakesNoSenseEndsTheWaitAtOnce() {
    failing(new RemoteException(Kind.MALFORMED, "supernode " + SUPERNODE + ": malformed answer: port 0 out of range"));

    assertThatThrownBy(() -> waitForever().admit())
        .isInstanceOf(JoinException.class)
        .hasMessageContaining("malformed answer: port 0 out of range");
    assertThat(clock.pauses).isEmpty();
  }

  // ------------------------------------------------------------ another node joining

  @Test
  void anotherNodeJoiningIsWaitedForWithJitterFromATenthOfASecondUpToTwo() throws Exception {
    busy(7);
    admitted();

    waitForever().admit();

    long[] base = {100, 200, 400, 800, 1_600, 2_000, 2_000};
    assertThat(clock.pauses).hasSize(base.length);
    for (int i = 0; i < base.length; i++) {
      assertThat(clock.pauses.get(i)).as("pause " + (i + 1)).isBetween(base[i], base[i] + base[i] / 2);
    }
    assertThat(log()).contains("another node is joining").doesNotContain("waiting for the supernode");
  }

  @Test
  void withALimitOtherNodesThatKeepJoiningAreTheReasonForGivingUp() {
    busy(1_000);

    assertThatThrownBy(() -> waitFor(Optional.of(Duration.ofSeconds(5))).admit())
        .isInstanceOf(JoinException.class)
        .hasMessage("not admitted within 5 s: the supernode kept answering that it is busy "
            + "(another node is joining)");
  }

  @Test
  void theWaitForTheSupernodeStartsAgainAtHalfASecondAfterItAnswered() throws Exception {
    down(4);
    busy(1);
    down(2);
    admitted();

    waitForever().admit();

    assertThat(clock.pauses.subList(0, 4)).containsExactly(500L, 1_000L, 2_000L, 4_000L);
    assertThat(clock.pauses.subList(5, 7)).containsExactly(500L, 1_000L);
    assertThat(count(log(), "waiting for the supernode at")).as("said again when it went away again").isEqualTo(2);
  }

  @Test
  void aLimitBelowAMillisecondIsRefusedNamingIt() {
    assertThatThrownBy(() -> waitFor(Optional.of(Duration.ZERO)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("join time-out 0 ms must be positive");
  }
}
