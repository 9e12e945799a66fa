package org.dhtfl.rpc;

import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransportException;

/**
 * A socket whose incoming messages are metered ({@link MessageMeter}): every byte read and every
 * length declared counts, from the first byte. The server's {@link DeadlineTransport} and the
 * caller's {@link CallTransport} add their clocks to it.
 */
abstract class MeteredSocket extends WrappedSocket<TSocket> {

  protected final MessageMeter meter;
  private long received;

  MeteredSocket(TSocket socket, MessageMeter meter) {
    super(socket);
    this.meter = meter;
  }

  /** Reads waiting at most {@code timeoutMs}, and counts what arrived. */
  protected final int readMetered(byte[] buf, int off, int len, int timeoutMs) throws TTransportException {
    socket.setTimeout(timeoutMs);
    int n = socket.read(buf, off, len);
    count(n);
    return n;
  }

  /** Counts bytes that arrived, in the meter and in the bytes received. */
  protected final void count(int n) throws TTransportException {
    meter.read(n);
    received += Math.max(0, n);
  }

  /** The bytes read since the last call of this method. */
  final long takeReceived() {
    long n = received;
    received = 0;
    return n;
  }

  @Override
  public void close() {
    meter.reset();
    super.close();
  }

  @Override
  public void checkReadBytesAvailable(long numBytes) throws TTransportException {
    meter.declared(numBytes);
  }
}
