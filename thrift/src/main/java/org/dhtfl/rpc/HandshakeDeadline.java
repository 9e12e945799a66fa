package org.dhtfl.rpc;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLSocket;

/**
 * A TLS handshake that must end within a total time. The socket's read timeout bounds each read
 * only, so a peer that sends its handshake a byte at a time would hold the caller for as long as
 * it likes; a watchdog closes the socket at the deadline, which ends the handshake with an error.
 */
final class HandshakeDeadline {

  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "tls-handshake-deadline");
    t.setDaemon(true);
    return t;
  });

  private HandshakeDeadline() {
  }

  /** Runs the handshake; fails naming the deadline when the watchdog had to close the socket. */
  static void handshake(SSLSocket socket, int deadlineMs) throws IOException {
    AtomicBoolean expired = new AtomicBoolean();
    ScheduledFuture<?> watchdog = WATCHDOG.schedule(() -> {
      // Marked before closing: the handshake's error may surface before the watchdog returns.
      expired.set(true);
      close(socket);
    }, deadlineMs, TimeUnit.MILLISECONDS);
    try {
      socket.startHandshake();
    } catch (IOException e) {
      if (expired.get()) {
        // The deadline is the cause worth naming; the closed socket's error only follows from it.
        throw new SocketTimeoutException("the TLS handshake took longer than " + deadlineMs + " ms");
      }
      throw e;
    } finally {
      watchdog.cancel(false);
    }
  }

  private static void close(Socket socket) {
    try {
      socket.close();
    } catch (IOException ignored) {
      // Closing is all the watchdog does.
    }
  }
}
