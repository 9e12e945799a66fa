package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ThriftServerTest {

  private static final int IDLE_MS = 600;
  private static final int MESSAGE_MS = 1_200;

  private final AtomicReference<InetAddress> caller = new AtomicReference<>();
  private ThriftServer server;
  private RpcSettings settings;
  private Metrics metrics;

  /** A supernode face that answers get_bits with 7 and remembers who called. */
  private Supernode.Iface handler() {
    return new BitsOnlySupernode(() -> caller.set(CallContext.peer().orElse(null)));
  }

  @BeforeEach
  void start() throws Exception {
    settings = RpcSettings.DEFAULTS.withServerTimeouts(IDLE_MS, MESSAGE_MS).withMaxConnections(2);
    metrics = Metrics.unexposed();
    server = ThriftServer.start("test", new Supernode.Processor<>(handler()), InetAddress.getLoopbackAddress(), 0,
        settings, ServerMetrics.in(metrics));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private int getBits() throws Exception {
    return Rpc.supernode("127.0.0.1", server.port(), RpcSettings.DEFAULTS, c -> c.get_bits());
  }

  /** The value of the sample that the metrics text has under this name and labels ("" for none). */
  private double sample(String name, String labels) {
    Matcher m = Pattern.compile("^" + Pattern.quote(name + (labels.isEmpty() ? "" : "{" + labels + "}")) + " (\\S+)$",
        Pattern.MULTILINE).matcher(metrics.text());
    return m.find() ? Double.parseDouble(m.group(1)) : 0;
  }

  /** Reads until the server closes the connection; returns how long that took. */
  private static long millisUntilClosed(Socket socket) throws Exception {
    long started = System.nanoTime();
    socket.setSoTimeout(10_000);
    InputStream in = socket.getInputStream();
    try {
      while (in.read() >= 0) {
        // drain
      }
    } catch (SocketTimeoutException e) {
      return Long.MAX_VALUE;
    } catch (java.io.IOException e) {
      // reset by the server: closed as well
    }
    return (System.nanoTime() - started) / 1_000_000;
  }

  private static long millisUntilClosedOrMax(Socket socket) {
    try {
      return millisUntilClosed(socket);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aCallIsAnsweredAndTheHandlerSeesTheCallersAddress() throws Exception {
    int bits = getBits();

    assertThat(bits).isEqualTo(7);
    assertThat(caller.get()).isEqualTo(InetAddress.getByName("127.0.0.1"));
  }

  @Test
  void everyCallIsCountedAndTimedByItsMethod() throws Exception {
    getBits();
    getBits();

    // The server counts a call once it has written the answer, which the caller may read first.
    await("both calls counted").atMost(Duration.ofSeconds(5))
        .until(() -> sample("dhtfl_rpc_server_duration_seconds_count", "method=\"get_bits\"") == 2);
    assertThat(sample("dhtfl_rpc_server_calls_total", "method=\"get_bits\",outcome=\"ok\"")).isEqualTo(2);
    assertThat(sample("dhtfl_rpc_server_connections_total", "")).isEqualTo(2);
    await("both connections closed").atMost(Duration.ofSeconds(5))
        .until(() -> sample("dhtfl_rpc_server_connections_open", "") == 0);
  }

  @Test
  void theBytesOfEveryCallAndAnswerAreCounted() throws Exception {
    getBits();
    getBits();

    // Strict binary protocol: a call is version and type (4), the name's length and "get_bits"
    // (4 + 8), the sequence number (4) and an empty argument struct (1): 21 bytes. Its answer has
    // the same header (20) and a result struct with field 0, an i32 (1 + 2 + 4), then a stop (1): 28.
    await("both connections counted").atMost(Duration.ofSeconds(5))
        .until(() -> sample("dhtfl_rpc_server_bytes_total", "direction=\"sent\"") == 2 * 28);
    assertThat(sample("dhtfl_rpc_server_bytes_total", "direction=\"received\"")).isEqualTo(2 * 21);
  }

  @Test
  void aMethodTheServiceDoesNotHaveCountsAsUnknown() {
    // ping is a ComputeNode method; a supernode does not know it.
    try {
      Rpc.computeNode("127.0.0.1", server.port(), RpcSettings.DEFAULTS, c -> c.ping());
    } catch (RemoteException expected) {
      // The server answers that the method is unknown.
    }

    await("the call counted").atMost(Duration.ofSeconds(5))
        .until(() -> sample("dhtfl_rpc_server_calls_total", "method=\"unknown\",outcome=\"ok\"") == 1);
    assertThat(metrics.text()).doesNotContain("method=\"ping\"");
  }

  @Test
  void aConnectionThatSendsNothingIsClosedAfterTheIdleTimeout() throws Exception {
    try (Socket idle = new Socket()) {
      idle.connect(new InetSocketAddress("127.0.0.1", server.port()));

      long closedAfter = millisUntilClosed(idle);

      assertThat(closedAfter).isBetween((long) IDLE_MS - 100, 5_000L);
    }
    assertThat(getBits()).isEqualTo(7);
  }

  @Test
  void whileAQuarterOfTheSlotsAreTakenSilentConnectionsAreClosedWithinTwoSeconds() throws Exception {
    server.close();
    server = ThriftServer.start("test", new Supernode.Processor<>(handler()), InetAddress.getLoopbackAddress(), 0,
        RpcSettings.DEFAULTS.withServerTimeouts(20_000, 5_000).withMaxConnections(8));
    try (Socket first = new Socket(); Socket second = new Socket(); Socket third = new Socket()) {
      first.connect(new InetSocketAddress("127.0.0.1", server.port()));
      // One silent connection of eight slots: not crowded, it may idle for its 20 s.
      first.setSoTimeout(3_000);
      assertThatThrownBy(() -> first.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);

      // Three of eight: crowded (two or more) until two of them are gone. The second and the third
      // are equally old, so either may be the one closed next; the other is then alone and may idle.
      second.connect(new InetSocketAddress("127.0.0.1", server.port()));
      third.connect(new InetSocketAddress("127.0.0.1", server.port()));
      CompletableFuture<Long> secondClosed = CompletableFuture.supplyAsync(() -> millisUntilClosedOrMax(second));
      CompletableFuture<Long> thirdClosed = CompletableFuture.supplyAsync(() -> millisUntilClosedOrMax(third));
      long closedAfter = Math.min(secondClosed.get(), thirdClosed.get());

      // Well before the 20 s it could idle uncrowded; the upper bound leaves room for a loaded machine.
      assertThat(closedAfter).isBetween((long) DeadlineTransport.CROWDED_IDLE_MS - 600, 8_000L);
    }
    assertThat(getBits()).isEqualTo(7);
  }

  @Test
  void aMessageThatArrivesTooSlowlyIsCutOffAfterTheMessageTimeout() throws Exception {
    long closedAfter;
    try (Socket slow = new Socket()) {
      slow.connect(new InetSocketAddress("127.0.0.1", server.port()));
      OutputStream out = slow.getOutputStream();
      // A call header (version 1, type CALL) announcing a 1,000-byte method name, then one byte of
      // the name every 150 ms: never silent for the idle timeout, but never done either.
      out.write(new byte[] {(byte) 0x80, 0x01, 0x00, 0x01, 0x00, 0x00, 0x03, (byte) 0xe8});
      out.flush();
      long started = System.nanoTime();
      closedAfter = -1;
      while ((System.nanoTime() - started) / 1_000_000 < 5_000) {
        try {
          out.write('a');
          out.flush();
        } catch (java.io.IOException e) {
          closedAfter = (System.nanoTime() - started) / 1_000_000;
          break;
        }
        Thread.sleep(150);
      }
    }

    assertThat(closedAfter).as("ms until the server closed the dripping connection")
        .isBetween((long) MESSAGE_MS - 200, 4_000L);
    assertThat(getBits()).isEqualTo(7);
  }

  @Test
  void connectionsBeyondTheBoundAreClosedAndTheServerKeepsServing() throws Exception {
    Socket[] held = new Socket[4];
    try {
      for (int i = 0; i < held.length; i++) {
        held[i] = new Socket("127.0.0.1", server.port());
      }
      int closedAtOnce = 0;
      for (int i = 2; i < held.length; i++) {
        if (millisUntilClosed(held[i]) < IDLE_MS - 100) {
          closedAtOnce++;
        }
      }

      assertThat(closedAtOnce).isPositive();
      assertThat(sample("dhtfl_rpc_server_connections_refused_total", "")).isEqualTo(closedAtOnce);
    } finally {
      for (Socket s : held) {
        if (s != null) {
          s.close();
        }
      }
    }
    // Once the held connections are gone, their workers are free again.
    await("the server answers again").atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20))
        .ignoreExceptions().until(() -> getBits() == 7);
  }

  @Test
  void anErrorInAHandlerCostsItsConnectionAndTheServerGoesOnServing() throws Exception {
    server.close();
    AtomicReference<Error> thrown = new AtomicReference<>(new AssertionError("a handler's own fault"));
    AtomicReference<OutOfMemoryError> ranOut = new AtomicReference<>();
    server = ThriftServer.start("test", new Supernode.Processor<>(new BitsOnlySupernode(() -> {
      Error e = thrown.getAndSet(null);
      if (e != null) {
        throw e;
      }
    })), InetAddress.getLoopbackAddress(), 0, settings, ServerMetrics.unexposed(), (name, e) -> ranOut.set(e));

    assertThatThrownBy(this::getBits).isInstanceOf(RemoteException.class);
    assertThat(getBits()).isEqualTo(7);
    assertThat(ranOut.get()).as("only running out of memory ends the process").isNull();
  }

  @Test
  void runningOutOfMemoryInAHandlerIsHandedToWhatTheProcessDoesThen() throws Exception {
    server.close();
    OutOfMemoryError outOfMemory = new OutOfMemoryError("Java heap space");
    AtomicReference<Error> thrown = new AtomicReference<>(outOfMemory);
    AtomicReference<String> ranOut = new AtomicReference<>();
    server = ThriftServer.start("test", new Supernode.Processor<>(new BitsOnlySupernode(() -> {
      Error e = thrown.getAndSet(null);
      if (e != null) {
        throw e;
      }
    })), InetAddress.getLoopbackAddress(), 0, settings, ServerMetrics.unexposed(),
        (name, e) -> ranOut.set(name + ": " + e.getMessage()));

    assertThatThrownBy(this::getBits).isInstanceOf(RemoteException.class);
    assertThat(ranOut.get()).isEqualTo("test: Java heap space");
  }
}
