package org.dhtfl.rpc;

import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/** The server's side of a connection that answers: counts the bytes written, for the server's metrics. */
final class CountedOutput extends WrappedSocket<TTransport> {

  private long sent;

  CountedOutput(TTransport socket) {
    super(socket);
  }

  /** The bytes written since the last call of this method. */
  long takeSent() {
    long n = sent;
    sent = 0;
    return n;
  }

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    super.write(buf, off, len);
    sent += len;
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    throw new TTransportException(TTransportException.NOT_OPEN, "the answering side of a connection is not read");
  }

  @Override
  public void open() throws TTransportException {
    socket.open();
  }

  @Override
  public void checkReadBytesAvailable(long numBytes) throws TTransportException {
    socket.checkReadBytesAvailable(numBytes);
  }
}
