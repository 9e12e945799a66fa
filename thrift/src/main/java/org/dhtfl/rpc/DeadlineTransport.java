package org.dhtfl.rpc;

import java.net.SocketAddress;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.thrift.transport.SocketAddressProvider;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * A server connection with two clocks: between messages the peer may stay silent for the idle
 * timeout; once a message has begun, all of it must arrive within the message timeout, so that a
 * peer sending one byte at a time cannot hold a worker thread for long. Each message is also
 * metered from its first byte ({@link MessageMeter}): its size against the limit, and the lengths
 * it declares against the process's budget of bytes in flight, before anything is allocated.
 * While the server is crowded (a quarter of its connection slots taken or more), a connection may idle
 * only {@link #CROWDED_IDLE_MS}: connections held open and silent cannot keep the ring's members
 * out.
 */
final class DeadlineTransport extends MeteredSocket implements SocketAddressProvider {

  /** How long a connection may stay silent while the server is crowded. */
  static final int CROWDED_IDLE_MS = 2_000;
  /** How often a silent connection looks again whether the server became crowded. */
  private static final int IDLE_SLICE_MS = 500;

  private final Optional<PeerIdentity> identity;
  private final int idleMs;
  private final int messageMs;
  private final Runnable onClose;
  private final BooleanSupplier crowded;
  private long messageStarted = -1;
  private boolean closed;

  /**
   * @param identity what the peer's certificate names; empty on a plain socket
   * @param crowded whether the server has few connection slots left
   * @param onClose run once, when the connection closes (gives its host's slot back)
   */
  DeadlineTransport(TSocket socket, Optional<PeerIdentity> identity, int idleMs, int messageMs, MessageMeter meter,
      BooleanSupplier crowded, Runnable onClose) {
    super(socket, meter);
    this.identity = identity;
    this.idleMs = idleMs;
    this.messageMs = messageMs;
    this.crowded = crowded;
    this.onClose = onClose;
  }

  Optional<PeerIdentity> identity() {
    return identity;
  }

  /** The server is about to read the next message: the last one was handled. */
  void nextMessage() {
    messageStarted = -1;
    meter.reset();
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    if (messageStarted < 0) {
      int n = readFirstByte(buf, off, len);
      messageStarted = System.nanoTime();
      count(n);
      return n;
    }
    long remaining = messageMs - (System.nanoTime() - messageStarted) / 1_000_000;
    if (remaining <= 0) {
      throw new TTransportException(TTransportException.TIMED_OUT,
          "a message took longer than " + messageMs + " ms to arrive");
    }
    return readMetered(buf, off, len, (int) Math.min(idleMs, remaining));
  }

  /**
   * Waits for the first bytes of the next message in short slices, so that a silent connection is
   * closed after the idle time-out, or sooner once the server is crowded.
   */
  private int readFirstByte(byte[] buf, int off, int len) throws TTransportException {
    long silentSince = System.nanoTime();
    while (true) {
      socket.setTimeout(IDLE_SLICE_MS);
      try {
        return socket.read(buf, off, len);
      } catch (TTransportException e) {
        if (e.getType() != TTransportException.TIMED_OUT) {
          throw e;
        }
        long silentMs = (System.nanoTime() - silentSince) / 1_000_000;
        int allowed = crowded.getAsBoolean() ? Math.min(idleMs, CROWDED_IDLE_MS) : idleMs;
        if (silentMs >= allowed) {
          throw e;
        }
      }
    }
  }

  @Override
  public void open() throws TTransportException {
    socket.open();
  }

  @Override
  public void close() {
    super.close();
    if (!closed) {
      closed = true;
      onClose.run();
    }
  }

  @Override
  public SocketAddress getRemoteSocketAddress() {
    return socket.getRemoteSocketAddress();
  }

  @Override
  public SocketAddress getLocalSocketAddress() {
    return socket.getLocalSocketAddress();
  }
}
