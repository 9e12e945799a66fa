package org.dhtfl.rpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Thrift server as the reference's peers expect it (TBinaryProtocol on a plain socket, no
 * framing), with every limit set: message, string and container sizes, an idle timeout per
 * connection, and a bounded pool of connection threads (a connection beyond it is closed). Its
 * calls and connections are measured in a {@link ServerMetrics}.
 */
public final class ThriftServer implements AutoCloseable {

  /** The exit status of a process that ran out of memory (EX_SOFTWARE). */
  public static final int EXIT_STATUS = 70;

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.rpc");

  private final TServer server;
  private final TServerSocket socket;
  private final Thread thread;
  private final int port;

  private ThriftServer(TServer server, TServerSocket socket, Thread thread, int port) {
    this.server = server;
    this.socket = socket;
    this.thread = thread;
    this.port = port;
  }

  /**
   * Binds {@code port} (0 for any free port) on {@code bind} and serves {@code processor} on a
   * background thread; returns once the server accepts connections.
   */
  public static ThriftServer start(String name, TProcessor processor, InetAddress bind, int port, RpcSettings settings)
      throws TTransportException {
    return start(name, processor, bind, port, settings, ServerMetrics.unexposed());
  }

  /**
   * As {@link #start(String, TProcessor, InetAddress, int, RpcSettings)}, measured in {@code metrics};
   * a server thread that runs out of memory ends the process ({@link OutOfMemory#EXIT}).
   */
  public static ThriftServer start(String name, TProcessor processor, InetAddress bind, int port, RpcSettings settings,
      ServerMetrics metrics) throws TTransportException {
    return start(name, processor, bind, port, settings, metrics, OutOfMemory.EXIT);
  }

  /** As {@link #start(String, TProcessor, InetAddress, int, RpcSettings, ServerMetrics)}, with what running out of memory does. */
  public static ThriftServer start(String name, TProcessor processor, InetAddress bind, int port, RpcSettings settings,
      ServerMetrics metrics, OutOfMemory outOfMemory) throws TTransportException {
    TServerSocket socket = settings.tls().isPresent() ? tlsSocket(bind, port, settings, settings.tls().get())
        : new TServerSocket(new TServerSocket.ServerSocketTransportArgs()
            .bindAddr(new InetSocketAddress(bind, port))
            .clientTimeout(settings.idleTimeoutMs())
            .backlog(settings.maxConnections()));
    int bound = socket.getServerSocket().getLocalPort();
    AtomicInteger threads = new AtomicInteger();
    ThreadPoolExecutor workers = new ThreadPoolExecutor(
        Math.min(4, settings.maxConnections()), settings.maxConnections(), 60, TimeUnit.SECONDS,
        new SynchronousQueue<>(), r -> {
          Thread t = new Thread(r, name + "-rpc-" + threads.incrementAndGet());
          t.setDaemon(true);
          t.setUncaughtExceptionHandler((thread, e) -> uncaught(name, thread, e, outOfMemory));
          return t;
        }, (task, pool) -> {
          // libthrift closes the connection when the pool refuses it.
          metrics.refused();
          throw new RejectedExecutionException("all " + settings.maxConnections() + " connection threads are busy");
        });
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(new GuardedProcessor(name, processor, metrics, MessageLimits.byMethod(processor, settings),
            outOfMemory))
        // Only the input side is metered; the output side writes to the same socket as it is.
        .inputTransportFactory(new LimitedTransportFactory(name, settings,
            () -> workers.getActiveCount() * 4 >= settings.maxConnections()))
        .outputTransportFactory(new TTransportFactory() {
          @Override
          public TTransport getTransport(TTransport socket) {
            return new CountedOutput(socket);
          }
        })
        .protocolFactory(new TBinaryProtocol.Factory(false, true, settings.maxStringBytes(),
            settings.maxContainerElements()))
        .executorService(workers);
    TThreadPoolServer server = new TThreadPoolServer(args);
    server.setServerEventHandler(new PeerAddressRecorder(metrics));
    Thread thread = new Thread(() -> acceptUntilStopped(name, server, outOfMemory), name + "-accept");
    thread.setDaemon(true);
    thread.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!server.isServing() && System.nanoTime() < deadline) {
      Thread.onSpinWait();
    }
    if (!server.isServing()) {
      server.stop();
      throw new TTransportException("server " + name + " on port " + bound + " did not start");
    }
    return new ThriftServer(server, socket, thread, bound);
  }

  /**
   * Runs the accept loop until the server is stopped: an {@code Error} in it is logged and the loop
   * goes on, but one that leaves the process without memory is handed to {@code outOfMemory}.
   */
  private static void acceptUntilStopped(String name, TThreadPoolServer server, OutOfMemory outOfMemory) {
    while (true) {
      try {
        server.serve();
        return;
      } catch (OutOfMemoryError e) {
        outOfMemory.ranOut(name, e);
        return;
      } catch (Error | RuntimeException e) {
        LOG.error("{}: the accept loop met {}; it goes on accepting", name, e.toString());
        // A fault that recurs at once costs a line every 100 ms, not a busy loop.
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(100));
      }
    }
  }

  private static void uncaught(String name, Thread thread, Throwable e, OutOfMemory outOfMemory) {
    if (e instanceof OutOfMemoryError oom) {
      outOfMemory.ranOut(name, oom);
    } else {
      LOG.error("{}: {} ended on {}", name, thread.getName(), e.toString());
    }
  }

  /** What a process does when one of its server's threads runs out of memory. */
  @FunctionalInterface
  public interface OutOfMemory {

    /**
     * Logs why and exits with status 70: a process that ran out of memory cannot tell what it
     * left half done, so it stops rather than lingering. Its shutdown runs as on Ctrl-C (a node
     * leaves the ring); if that does not end within 30 s the process halts.
     */
    OutOfMemory EXIT = (server, e) -> {
      LOG.error("{}: out of memory ({}); this process cannot recover from it, so it exits with status {}", server,
          e.getMessage(), EXIT_STATUS);
      System.err.println("error: " + server + " ran out of memory; exiting with status " + EXIT_STATUS);
      Thread exit = new Thread(() -> System.exit(EXIT_STATUS), "exit-on-out-of-memory");
      exit.setDaemon(true);
      exit.start();
      Thread halt = new Thread(() -> {
        try {
          Thread.sleep(30_000);
        } catch (InterruptedException ignored) {
          // Halting anyway.
        }
        Runtime.getRuntime().halt(EXIT_STATUS);
      }, "halt-on-out-of-memory");
      halt.setDaemon(true);
      halt.start();
    };

    void ranOut(String server, OutOfMemoryError e);
  }

  /** A TLS server socket that asks every client for a certificate signed by the trusted CA. */
  private static TServerSocket tlsSocket(InetAddress bind, int port, RpcSettings settings, Tls tls)
      throws TTransportException {
    try {
      SSLServerSocket server = (SSLServerSocket) tls.context().getServerSocketFactory().createServerSocket();
      server.setEnabledProtocols(Tls.PROTOCOLS);
      server.setNeedClientAuth(true);
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(bind, port), settings.maxConnections());
      return new TServerSocket(server, settings.idleTimeoutMs());
    } catch (java.io.IOException e) {
      throw new TTransportException("cannot listen with TLS on port " + port + ": " + e.getMessage(), e);
    }
  }

  public int port() {
    return port;
  }

  @Override
  public void close() {
    server.stop();
    socket.close();
    try {
      thread.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Gives each accepted connection its slot among its host's, its TLS handshake with a deadline,
   * and a {@link DeadlineTransport} that meters its messages and gives the slot back on close.
   */
  private static final class LimitedTransportFactory extends TTransportFactory {
    private static final Logger LOG = LoggerFactory.getLogger("dhtfl.rpc");

    private final String name;
    private final RpcSettings settings;
    private final HostSlots slots;
    private final AtomicLong lastRefusalLog = new AtomicLong();
    private final java.util.function.BooleanSupplier crowded;

    LimitedTransportFactory(String name, RpcSettings settings, java.util.function.BooleanSupplier crowded) {
      this.name = name;
      this.settings = settings;
      this.slots = new HostSlots(settings.maxConnectionsPerHost());
      this.crowded = crowded;
    }

    @Override
    public TTransport getTransport(TTransport base) throws TTransportException {
      if (!(base instanceof TSocket socket)) {
        return base;
      }
      InetAddress host = socket.getSocket().getInetAddress();
      if (!slots.acquire(host)) {
        refused(host);
        socket.close();
        throw new TTransportException(TTransportException.END_OF_FILE, "too many connections from " + host);
      }
      boolean handedOver = false;
      try {
        Optional<PeerIdentity> identity = Optional.empty();
        if (socket.getSocket() instanceof SSLSocket tls) {
          handshake(tls, host);
          identity = Optional.of(identity(tls, host));
        }
        DeadlineTransport transport = new DeadlineTransport(socket, identity, settings.idleTimeoutMs(),
            settings.messageTimeoutMs(), new MessageMeter(settings.maxMessageBytes(), InFlightBytes.PROCESS), crowded,
            () -> slots.release(host));
        handedOver = true;
        return transport;
      } finally {
        if (!handedOver) {
          slots.release(host);
          socket.close();
        }
      }
    }

    /**
     * The handshake of a TLS connection, which must end within the message timeout: a peer that
     * sends its handshake slowly is closed at the deadline ({@link HandshakeDeadline}), whatever the
     * socket's read timeout.
     */
    private void handshake(SSLSocket tls, InetAddress host) throws TTransportException {
      try {
        tls.setSoTimeout(settings.messageTimeoutMs());
        HandshakeDeadline.handshake(tls, settings.messageTimeoutMs());
      } catch (java.io.IOException e) {
        throw new TTransportException(TTransportException.END_OF_FILE, "TLS handshake with " + host
            + " failed or took longer than " + settings.messageTimeoutMs() + " ms: " + e.getMessage());
      }
    }

    /**
     * The identity the peer's certificate names; a certificate of the cluster's CA that names no
     * role, or a node without its address, ends the connection with a warning.
     */
    private PeerIdentity identity(SSLSocket tls, InetAddress host) throws TTransportException {
      try {
        java.security.cert.Certificate[] chain = tls.getSession().getPeerCertificates();
        if (chain.length == 0 || !(chain[0] instanceof java.security.cert.X509Certificate certificate)) {
          throw new IllegalArgumentException("no X.509 certificate");
        }
        return PeerIdentity.of(certificate);
      } catch (javax.net.ssl.SSLPeerUnverifiedException | IllegalArgumentException e) {
        LOG.warn("{}: refused a TLS connection from {}: {}", name, host.getHostAddress(), e.getMessage());
        throw new TTransportException(TTransportException.END_OF_FILE, "the certificate of " + host
            + " names no identity: " + e.getMessage());
      }
    }

    private void refused(InetAddress host) {
      long now = System.currentTimeMillis();
      long last = lastRefusalLog.get();
      if (now - last >= 10_000 && lastRefusalLog.compareAndSet(last, now)) {
        LOG.warn("{}: refused a connection from {}: it holds {} connections, the most one host may hold "
            + "(further refusals in the next 10 s are not logged)", name, host.getHostAddress(), slots.perHost());
      }
    }
  }

  /**
   * Makes the caller's address and certificate identity available to handlers through
   * {@link CallContext}; counts connections.
   */
  private static final class PeerAddressRecorder implements TServerEventHandler {
    private final ServerMetrics metrics;

    PeerAddressRecorder(ServerMetrics metrics) {
      this.metrics = metrics;
    }

    @Override
    public void preServe() {
    }

    @Override
    public ServerContext createContext(TProtocol input, TProtocol output) {
      metrics.opened();
      if (input.getTransport() instanceof DeadlineTransport deadline) {
        CallContext.set(deadline.identity());
      }
      return new PeerContext();
    }

    @Override
    public void deleteContext(ServerContext context, TProtocol input, TProtocol output) {
      count(input.getTransport(), output.getTransport());
      metrics.closed();
      CallContext.clear();
    }

    @Override
    public void processContext(ServerContext context, TTransport input, TTransport output) {
      count(input, output);
      if (input instanceof DeadlineTransport deadline) {
        deadline.nextMessage();
      }
    }

    /** Counts the bytes the connection moved since it was last counted: the previous call and its answer. */
    private void count(TTransport input, TTransport output) {
      metrics.transferred(input instanceof DeadlineTransport deadline ? deadline.takeReceived() : 0,
          output instanceof CountedOutput counted ? counted.takeSent() : 0);
    }
  }

  /** The per-connection context; libthrift hands it the remote address. */
  private static final class PeerContext implements ServerContext {
    @Override
    public void setRemoteAddress(SocketAddress address) {
      if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
        CallContext.set(inet.getAddress());
      }
    }

    @Override
    public <T> T unwrap(Class<T> type) {
      if (type.isInstance(this)) {
        return type.cast(this);
      }
      throw new IllegalArgumentException("not a " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
      return type.isInstance(this);
    }
  }
}
