package org.dhtfl.rpc;

import org.apache.thrift.TConfiguration;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;

/**
 * A transport over a socket that passes writes, flushes, closing and the configuration on as they
 * are; subclasses add what they do to reads ({@link MeteredSocket}) or count writes
 * ({@link CountedOutput}).
 */
abstract class WrappedSocket<S extends TTransport> extends TTransport {

  protected final S socket;

  WrappedSocket(S socket) {
    this.socket = socket;
  }

  @Override
  public void write(byte[] buf, int off, int len) throws TTransportException {
    socket.write(buf, off, len);
  }

  @Override
  public void flush() throws TTransportException {
    socket.flush();
  }

  @Override
  public boolean isOpen() {
    return socket.isOpen();
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
}
