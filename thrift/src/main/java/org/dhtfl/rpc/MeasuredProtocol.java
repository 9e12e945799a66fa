package org.dhtfl.rpc;

import org.apache.thrift.TException;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.protocol.TProtocolDecorator;

/** The input side of one call: remembers the method's name and when its first bytes had arrived. */
final class MeasuredProtocol extends TProtocolDecorator {

  private String method = "";
  private long startedNanos;

  MeasuredProtocol(TProtocol input) {
    super(input);
  }

  @Override
  public TMessage readMessageBegin() throws TException {
    TMessage message = super.readMessageBegin();
    method = message.name == null ? "" : message.name;
    startedNanos = System.nanoTime();
    return message;
  }

  /** The method of the message read, or "" when none was read (the peer closed the connection). */
  String method() {
    return method;
  }

  long elapsedNanos() {
    return System.nanoTime() - startedNanos;
  }
}
