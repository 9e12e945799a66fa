package org.dhtfl.rpc;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.transport.TTransportException;

/**
 * The bytes that peers have declared and this process must hold while their messages are read,
 * over all connections at once. libthrift allocates a string, a binary or a container as soon as
 * its length arrives, before its bytes do; so every declared length is charged here first, and a
 * length that would take the process over its budget ends that connection instead of being
 * allocated. A connection's charges are given back when its message has been handled.
 */
final class InFlightBytes {

  /** The budget of this process: a quarter of the heap, at least 32 MiB. */
  static final InFlightBytes PROCESS = new InFlightBytes(Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 4));

  private final long limit;
  private final AtomicLong used = new AtomicLong();

  InFlightBytes(long limit) {
    this.limit = limit;
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /** The charges of one connection's current message. */
  Account account() {
    return new Account();
  }

  /** What one connection holds of the budget; not shared between threads. */
  final class Account {
    private long held;

    /** Takes {@code bytes} of the budget, or throws when the process has not that much left. */
    void charge(long bytes) throws TTransportException {
      while (true) {
        long now = used.get();
        if (now + bytes > limit) {
          throw new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, "a declared length of " + bytes
              + " bytes is refused: messages being received hold " + (now >> 20) + " MiB of this process's "
              + (limit >> 20) + " MiB budget");
        }
        if (used.compareAndSet(now, now + bytes)) {
          held += bytes;
          return;
        }
      }
    }

    /** Gives back all this connection holds: its message was handled, or the connection closed. */
    void releaseAll() {
      if (held > 0) {
        used.addAndGet(-held);
        held = 0;
      }
    }
  }
}
