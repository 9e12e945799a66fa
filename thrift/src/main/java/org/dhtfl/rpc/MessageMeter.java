package org.dhtfl.rpc;

import org.apache.thrift.transport.TTransportException;

/**
 * Counts one connection's current message from its first byte: the bytes read so far and the
 * lengths declared in it, against the message limit; the heap its containers will take, against
 * its method's {@link MessageLimits}. Declared lengths and containers' heap are also charged to the
 * process's {@link InFlightBytes} budget before libthrift allocates them.
 */
final class MessageMeter {

  private final int maxMessageBytes;
  private final InFlightBytes.Account account;
  private final MessageLimits defaults;
  private MessageLimits limits;
  private long consumed;
  private long heap;

  /** The meter of a server's connection: its requests are incoming messages. */
  MessageMeter(int maxMessageBytes, InFlightBytes budget) {
    this(maxMessageBytes, budget.incoming());
  }

  private MessageMeter(int maxMessageBytes, InFlightBytes.Account account) {
    this.maxMessageBytes = maxMessageBytes;
    this.account = account;
    this.defaults = MessageLimits.carryingData(maxMessageBytes, Integer.MAX_VALUE);
    this.limits = defaults;
  }

  /** The meter of a connection this process calls on: its messages are answers to its own calls. */
  static MessageMeter forAnswers(int maxMessageBytes, InFlightBytes budget) {
    return new MessageMeter(maxMessageBytes, budget.answers());
  }

  /** The current message is a call of a method with these limits. */
  void limit(MessageLimits method) {
    limits = method;
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

  /**
   * The message declares a container of {@code count} elements, which will take at least
   * {@code heapBytes} of heap beyond the bytes declared for them on the wire.
   */
  void container(int count, long heapBytes) throws TTransportException {
    if (count > limits.maxElements()) {
      throw new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, "a container of " + count
          + " elements is refused: " + limits.method() + " carries at most " + limits.maxElements());
    }
    if (heap + heapBytes > limits.maxHeapBytes()) {
      throw new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, "a message taking at least "
          + (heap + heapBytes) + " bytes of heap is refused: " + limits.method() + " may take "
          + limits.maxHeapBytes());
    }
    account.chargeContainer(count, heapBytes);
    heap += heapBytes;
  }

  /** The message was handled: the next one starts from zero. */
  void reset() {
    consumed = 0;
    heap = 0;
    limits = defaults;
    account.releaseAll();
  }

  private TTransportException tooLong(long bytes) {
    return new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, "a message of at least " + bytes
        + " bytes is refused: the limit is " + maxMessageBytes);
  }
}
