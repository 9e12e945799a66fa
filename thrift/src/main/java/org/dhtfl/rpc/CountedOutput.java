package org.dhtfl.rpc;

import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/** The server's side of a connection that answers: counts the bytes written, for the server's metrics. */
final class CountedOutput extends TTransport {

  private final TTransport socket;
  private long sent;

  CountedOutput(TTransport socket) {
    this.socket = socket;
  }

  /** The bytes written since the last call of this method. */
  long takeSent() {
    long n = sent;
    sent = 0;
    return n;
  }

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    socket.write(buf, off, len);
    sent += len;
  }

  @Override
  public void flush() throws TTransportException {
    socket.flush();
  }

  @Override
  public int read(byte[] buf, int off, int len) throws TTransportException {
    throw new TTransportException(TTransportException.NOT_OPEN, "the answering side of a connection is not read");
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
  }

  @Override
  public void open() throws TTransportException {
    socket.open();
  }

  @Override
  public void close() {
    socket.close();
  }

  @Override
  public TConfiguration getConfiguration() {
    return socket.getConfiguration();
  }

  @Override
  public void updateKnownMessageSize(long size) throws TTransportException {
    socket.updateKnownMessageSize(size);
  }

  @Override
  public void checkReadBytesAvailable(long numBytes) throws TTransportException {
    socket.checkReadBytesAvailable(numBytes);
  }
}
