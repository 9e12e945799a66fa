package org.dhtfl.rpc;

import java.net.InetAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.thrift.TBaseProcessor;
import org.apache.thrift.TException;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TTransportException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wraps a generated processor so that a malformed or hostile message costs one warning line
 * naming the peer and what was wrong (at most a few lines a second; the rest are counted), and
 * then the connection: libthrift would log a stack trace at ERROR for each one. Every call is
 * counted and timed by method in the server's {@link ServerMetrics}. Requests are read through a
 * {@link ChargedProtocol}, with the limits of their method.
 */
final class GuardedProcessor implements TProcessor {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.rpc");
  private static final int LINES_PER_SECOND = 5;

  private final TProcessor delegate;
  private final String name;
  private final ServerMetrics metrics;
  private final Set<String> methods;
  private final Map<String, MessageLimits> limits;
  private final ThriftServer.OutOfMemory outOfMemory;
  private final AtomicLong second = new AtomicLong();
  private final AtomicLong linesThisSecond = new AtomicLong();
  private final AtomicLong suppressed = new AtomicLong();

  /**
   * @param limits what each method's request may hold ({@link MessageLimits#byMethod})
   * @param outOfMemory what the process does when reading or handling a call runs out of memory
   */
  GuardedProcessor(String name, TProcessor delegate, ServerMetrics metrics, Map<String, MessageLimits> limits,
      ThriftServer.OutOfMemory outOfMemory) {
    this.name = name;
    this.limits = limits;
    this.outOfMemory = outOfMemory;
    this.delegate = delegate;
    this.metrics = metrics;
    this.methods = delegate instanceof TBaseProcessor<?> generated ? Set.copyOf(generated.getProcessMapView().keySet())
        : Set.of();
  }

  @Override
  public void process(TProtocol in, TProtocol out) throws TException {
    MeasuredProtocol call = new MeasuredProtocol(new ChargedProtocol(in, limits));
    try {
      delegate.process(call, out);
      metrics.called(call.method(), methods, true, call.elapsedNanos());
    } catch (TTransportException e) {
      if (e.getType() == TTransportException.END_OF_FILE) {
        throw e;
      }
      metrics.called(call.method(), methods, false, call.elapsedNanos());
      throw dropped(e);
    } catch (OutOfMemoryError e) {
      outOfMemory.ranOut(name, e);
      throw new TTransportException(TTransportException.END_OF_FILE, "connection dropped: out of memory");
    } catch (TException | RuntimeException | Error e) {
      // Any other Error (a stack overflow on a deeply nested message, a failed assertion) costs
      // only this connection.
      metrics.called(call.method(), methods, false, call.elapsedNanos());
      throw dropped(e);
    }
  }

  private TTransportException dropped(Throwable cause) {
    long now = System.currentTimeMillis() / 1000;
    if (second.getAndSet(now) != now) {
      linesThisSecond.set(0);
      long quiet = suppressed.getAndSet(0);
      if (quiet > 0) {
        LOG.warn("{}: {} more malformed requests were dropped without a line each", name, quiet);
      }
    }
    if (linesThisSecond.incrementAndGet() <= LINES_PER_SECOND) {
      String peer = CallContext.peer().map(InetAddress::getHostAddress).orElse("an unknown peer");
      String what = cause.getMessage() == null ? cause.getClass().getSimpleName()
          : cause.getClass().getSimpleName() + ": " + truncate(cause.getMessage());
      LOG.warn("{}: dropped a malformed request from {}: {}", name, peer, what);
    } else {
      suppressed.incrementAndGet();
    }
    return new TTransportException(TTransportException.END_OF_FILE, "connection dropped: malformed request");
  }

  private static String truncate(String message) {
    return message.length() > 200 ? message.substring(0, 200) + "..." : message;
  }
}
