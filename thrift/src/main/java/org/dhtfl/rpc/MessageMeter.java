package org.dhtfl.rpc;

import org.apache.thrift.transport.TTransportException;

/**
 * Counts one connection's current message from its first byte: the bytes read so far and the
 * lengths declared in it, against the message limit; the declared lengths are also charged to the
 * process's {@link InFlightBytes} budget before libthrift allocates them.
 */
final class MessageMeter {

  private final int maxMessageBytes;
  private final InFlightBytes.Account account;
  private long consumed;

  MessageMeter(int maxMessageBytes, InFlightBytes budget) {
    this.maxMessageBytes = maxMessageBytes;
    this.account = budget.account();
  }

  /** {@code n} more bytes of the message arrived. */
  void read(int n) throws TTransportException {
    consumed += n;
    if (consumed > maxMessageBytes) {
      throw tooLong(consumed);
    }
  }

  /** The message declares {@code n} bytes to come (a string, a binary, a container's elements). */
  void declared(long n) throws TTransportException {
    if (n < 0) {
      throw new TTransportException(TTransportException.UNKNOWN, "a negative length " + n + " was declared");
    }
    if (consumed + n > maxMessageBytes) {
      throw tooLong(consumed + n);
    }
    account.charge(n);
  }

  /** The message was handled: the next one starts from zero. */
  void reset() {
    consumed = 0;
    account.releaseAll();
  }

  private TTransportException tooLong(long bytes) {
    return new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, "a message of at least " + bytes
        + " bytes is refused: the limit is " + maxMessageBytes);
  }
}
