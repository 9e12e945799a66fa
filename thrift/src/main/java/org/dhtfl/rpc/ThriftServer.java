package org.dhtfl.rpc;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLServerSocket;
import org.apache.thrift.TProcessor;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.server.ServerContext;
import org.apache.thrift.server.TServer;
import org.apache.thrift.server.TServerEventHandler;
import org.apache.thrift.server.TThreadPoolServer;
import org.apache.thrift.transport.TEndpointTransport;
import org.apache.thrift.transport.TServerSocket;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.apache.thrift.transport.TTransportFactory;

/**
 * A Thrift server as the reference's peers expect it (TBinaryProtocol on a plain socket, no
 * framing), with every limit set: message, string and container sizes, an idle timeout per
 * connection, and a bounded pool of connection threads (a connection beyond it is closed). Its
 * calls and connections are measured in a {@link ServerMetrics}.
 */
public final class ThriftServer implements AutoCloseable {

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

  /** As {@link #start(String, TProcessor, InetAddress, int, RpcSettings)}, measured in {@code metrics}. */
  public static ThriftServer start(String name, TProcessor processor, InetAddress bind, int port, RpcSettings settings,
      ServerMetrics metrics) throws TTransportException {
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
          return t;
        }, (task, pool) -> {
          // libthrift closes the connection when the pool refuses it.
          metrics.refused();
          throw new RejectedExecutionException("all " + settings.maxConnections() + " connection threads are busy");
        });
    TThreadPoolServer.Args args = new TThreadPoolServer.Args(socket)
        .processor(new GuardedProcessor(name, processor, metrics))
        .transportFactory(new LimitedTransportFactory(settings))
        .protocolFactory(new TBinaryProtocol.Factory(false, true, settings.maxStringBytes(),
            settings.maxContainerElements()))
        .executorService(workers);
    TThreadPoolServer server = new TThreadPoolServer(args);
    server.setServerEventHandler(new PeerAddressRecorder(metrics));
    Thread thread = new Thread(server::serve, name + "-accept");
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

  /** Caps the message size of each accepted connection and gives it its idle and message deadlines. */
  private static final class LimitedTransportFactory extends TTransportFactory {
    private final RpcSettings settings;

    LimitedTransportFactory(RpcSettings settings) {
      this.settings = settings;
    }

    @Override
    public TTransport getTransport(TTransport base) throws TTransportException {
      if (base instanceof TEndpointTransport endpoint) {
        endpoint.getConfiguration().setMaxMessageSize(settings.maxMessageBytes());
        endpoint.setMaxMessageSize(settings.maxMessageBytes());
      }
      if (base instanceof TSocket socket) {
        return new DeadlineTransport(socket, settings.idleTimeoutMs(), settings.messageTimeoutMs());
      }
      return base;
    }
  }

  /** Makes the caller's address available to handlers through {@link CallContext}; counts connections. */
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
      return new PeerContext();
    }

    @Override
    public void deleteContext(ServerContext context, TProtocol input, TProtocol output) {
      metrics.closed();
      CallContext.clear();
    }

    @Override
    public void processContext(ServerContext context, TTransport input, TTransport output) {
      if (input instanceof DeadlineTransport deadline) {
        deadline.nextMessage();
      }
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
