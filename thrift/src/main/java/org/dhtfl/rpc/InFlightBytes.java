package org.dhtfl.rpc;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.transport.TTransportException;

/**
 * The heap that messages being read hold in this process, over all connections at once. libthrift
 * allocates a string, a binary or a container as soon as its length arrives, before its bytes do;
 * so every declared length, and every container's least heap ({@link ChargedProtocol}), is charged
 * here first, and a charge that does not fit ends that connection instead of being allocated. A
 * connection's charges are given back when its message has been handled.
 *
 * <p>Three parts keep one kind of message from starving another. Every message's first 64 KiB
 * ({@link #PROCESS}) are not taken from the shared budget: the ring's own messages (a
 * ping, a notify, a lookup) always fit, and what they hold is bounded by the connections a server
 * and the process's calls keep open. Incoming messages share the budget less a quarter, which only
 * the answers to this process's own calls may use: however full peers keep it, the node still reads
 * the answers its maintenance and its lookups wait for.
 */
final class InFlightBytes {

  /** The budget of this process: a quarter of the heap, at least 32 MiB. */
  static final InFlightBytes PROCESS = new InFlightBytes(Math.max(32L << 20, Runtime.getRuntime().maxMemory() / 4),
      64 << 10);

  private final long limit;
  private final long reserve;
  private final long smallMessageBytes;
  private final AtomicLong used = new AtomicLong();

  /** A budget of {@code limit} bytes, with no part that small messages hold apart. */
  InFlightBytes(long limit) {
    this(limit, 0);
  }

  /** @param smallMessageBytes what each message may hold before it draws on the shared budget */
  InFlightBytes(long limit, long smallMessageBytes) {
    this.limit = limit;
    this.reserve = limit / 4;
    this.smallMessageBytes = smallMessageBytes;
  }

  long limit() {
    return limit;
  }

  long used() {
    return used.get();
  }

  /** The charges of one connection's current incoming message (a request to this process's server). */
  Account incoming() {
    return new Account(limit - reserve, "messages being received");
  }

  /** The charges of the answers to one connection's calls that this process made. */
  Account answers() {
    return new Account(limit, "messages being received and answers");
  }

  /** What one connection holds of the budget; not shared between threads. */
  final class Account {
    private final long ceiling;
    private final String holders;
    private long small;
    private long held;

    private Account(long ceiling, String holders) {
      this.ceiling = ceiling;
      this.holders = holders;
    }

    /** Takes {@code bytes} of the budget for a declared length, or throws when the process has not that much left. */
    void charge(long bytes) throws TTransportException {
      if (!take(bytes)) {
        throw refused("a declared length of " + bytes + " bytes");
      }
    }

    /**
     * Takes {@code bytes} of the budget for a container of {@code count} elements, or throws when
     * the process has not that much left.
     */
    void chargeContainer(int count, long bytes) throws TTransportException {
      if (!take(bytes)) {
        throw refused("a container of " + count + " elements (" + bytes + " bytes of heap)");
      }
    }

    private boolean take(long bytes) {
      long free = Math.min(bytes, smallMessageBytes - small);
      small += free;
      long rest = bytes - free;
      if (rest == 0) {
        return true;
      }
      while (true) {
        long now = used.get();
        if (now + rest > ceiling) {
          small -= free;
          return false;
        }
        if (used.compareAndSet(now, now + rest)) {
          held += rest;
          return true;
        }
      }
    }

    private TTransportException refused(String what) {
      return new TTransportException(TTransportException.MESSAGE_SIZE_LIMIT, what + " is refused: " + holders
          + " hold " + (used.get() >> 20) + " MiB of the " + (ceiling >> 20) + " MiB they may");
    }

    /** Gives back all this connection holds: its message was handled, or the connection closed. */
    void releaseAll() {
      small = 0;
      if (held > 0) {
        used.addAndGet(-held);
        held = 0;
      }
    }
  }
}
