package org.dhtfl.rpc;

import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * The connection of outgoing calls: each call, from the first byte of its request to the last
 * byte of the answer, must end within the deadline (each read waits at most what is left of it, so
 * a peer that drips its answer one byte at a time cannot hold the caller), and each answer is
 * metered as the server meters requests ({@link MessageMeter}). A call begins with the first write
 * after an answer was read (or the first write at all).
 */
final class CallTransport extends MeteredSocket {

  private final int readTimeoutMs;
  private final int deadlineMs;
  private long deadline;
  private boolean answering = true;

  CallTransport(TSocket socket, int readTimeoutMs, int deadlineMs, MessageMeter meter) {
    super(socket, meter);
    this.readTimeoutMs = readTimeoutMs;
    this.deadlineMs = deadlineMs;
    this.deadline = System.nanoTime() + deadlineMs * 1_000_000L;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    answering = true;
    long remaining = (deadline - System.nanoTime()) / 1_000_000;
    if (remaining <= 0) {
      throw new TTransportException(TTransportException.TIMED_OUT, "the call took longer than " + deadlineMs + " ms");
    }
    return readMetered(buf, off, len, (int) Math.min(readTimeoutMs, remaining));
  }

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    if (answering) {
      // A new call: its own deadline, and the last answer's bytes no longer count.
      answering = false;
      deadline = System.nanoTime() + deadlineMs * 1_000_000L;
      meter.reset();
    }
    super.write(buf, off, len);
  }

  @Override
  public void open() throws TTransportException {
    if (!socket.isOpen()) {
      socket.open();
    }
  }
}
