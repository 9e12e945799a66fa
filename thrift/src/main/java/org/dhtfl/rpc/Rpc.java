package org.dhtfl.rpc;

import java.io.IOException;
import java.net.InetSocketAddress;
import javax.net.ssl.SSLSocket;
import org.apache.thrift.TConfiguration;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TSocket;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Supernode;

/**
 * Calls to the other programs: a connection per call, with the limits and timeouts of
 * {@link RpcSettings}; every failure is a {@link RemoteException}.
 */
public final class Rpc {

  /** One remote call on a client of type C. */
  @FunctionalInterface
  public interface Call<C, R> {
    R apply(C client) throws TException;
  }

  private Rpc() {
  }

  /** One call on the compute node at host:port, over a connection of its own. */
  public static <R> R computeNode(String host, int port, RpcSettings settings, Call<ComputeNode.Client, R> call)
      throws RemoteException {
    try (TTransport transport = open(host, port, settings)) {
      return call.apply(new ComputeNode.Client(protocol(transport, settings)));
    } catch (TException e) {
      throw RemoteException.of("node " + host + ":" + port, e);
    } catch (IllegalArgumentException e) {
      throw RemoteException.malformed("node " + host + ":" + port, e);
    }
  }

  /** One call on the node, over a connection of its own. */
  public static <R> R computeNode(NodeRef node, RpcSettings settings, Call<ComputeNode.Client, R> call)
      throws RemoteException {
    return computeNode(node.host(), node.port(), settings, call);
  }

  /** Whom the node at host:port says it is (its ping). */
  public static NodeRef whoIs(String host, int port, RpcSettings settings) throws RemoteException {
    return computeNode(host, port, settings, c -> Convert.fromThrift(c.ping()));
  }

  /** True when the node answers a ping as itself, not as another node now serving its address. */
  public static boolean answersAsItself(NodeRef node, RpcSettings settings) {
    try {
      return whoIs(node.host(), node.port(), settings).sameAs(node);
    } catch (RemoteException e) {
      return false;
    }
  }

  /** One call on the supernode at host:port, over a connection of its own. */
  public static <R> R supernode(String host, int port, RpcSettings settings, Call<Supernode.Client, R> call)
      throws RemoteException {
    try (TTransport transport = openSupernode(host, port, settings)) {
      return call.apply(new Supernode.Client(protocol(transport, settings)));
    } catch (TException e) {
      throw RemoteException.of("supernode " + host + ":" + port, e);
    } catch (IllegalArgumentException e) {
      throw RemoteException.malformed("supernode " + host + ":" + port, e);
    }
  }

  /**
   * An open connection to the node at host:port for one call, which must end within the settings'
   * call deadline; the caller closes it. With TLS, the server's certificate must name that node.
   */
  public static TTransport open(String host, int port, RpcSettings settings) throws TTransportException {
    return open(host, port, settings, new Expected("the node at " + host + ":" + port, id -> id.isNode(host, port)));
  }

  /** An open connection to the supernode at host:port; with TLS, the server's certificate must name the supernode. */
  public static TTransport openSupernode(String host, int port, RpcSettings settings) throws TTransportException {
    return open(host, port, settings, new Expected("the supernode", id -> id.role() == Role.SUPERNODE));
  }

  /** Whom a TLS server must be, by the identity its certificate names. */
  private record Expected(String description, java.util.function.Predicate<PeerIdentity> test) {
  }

  private static TTransport open(String host, int port, RpcSettings settings, Expected expected)
      throws TTransportException {
    TSocket socket;
    if (settings.tls().isPresent()) {
      socket = openTls(host, port, settings, settings.tls().get(), expected);
    } else {
      TConfiguration configuration = new TConfiguration(settings.maxMessageBytes(), settings.maxMessageBytes(),
          TConfiguration.DEFAULT_RECURSION_DEPTH);
      socket = new TSocket(configuration, host, port, settings.callTimeoutMs(), settings.connectTimeoutMs());
      socket.open();
    }
    return new CallTransport(socket, settings.callTimeoutMs(), settings.callDeadlineMs(),
        MessageMeter.forAnswers(settings.maxMessageBytes(), InFlightBytes.PROCESS));
  }

  private static TSocket openTls(String host, int port, RpcSettings settings, Tls tls, Expected expected)
      throws TTransportException {
    SSLSocket socket = null;
    try {
      socket = (SSLSocket) tls.context().getSocketFactory().createSocket();
      socket.setEnabledProtocols(Tls.PROTOCOLS);
      socket.setTcpNoDelay(true);
      socket.connect(new InetSocketAddress(host, port), settings.connectTimeoutMs());
      socket.setSoTimeout(settings.callTimeoutMs());
      HandshakeDeadline.handshake(socket, Math.min(settings.callTimeoutMs(), settings.callDeadlineMs()));
      checkServer(socket, expected);
      TSocket transport = new TSocket(socket);
      transport.getConfiguration().setMaxMessageSize(settings.maxMessageBytes());
      return transport;
    } catch (IOException e) {
      if (socket != null) {
        try {
          socket.close();
        } catch (IOException ignored) {
          // Closing a socket that failed its handshake.
        }
      }
      throw new TTransportException(TTransportException.NOT_OPEN, "TLS connection to " + host + ":" + port
          + " failed: " + e.getMessage(), e);
    }
  }

  /**
   * Fails unless the server's certificate names whom the caller meant to reach: a party holding
   * another key of the cluster (a client's, another node's) cannot pose as a node or the supernode.
   */
  private static void checkServer(SSLSocket socket, Expected expected) throws IOException {
    java.security.cert.Certificate[] chain = socket.getSession().getPeerCertificates();
    if (chain.length == 0 || !(chain[0] instanceof java.security.cert.X509Certificate certificate)) {
      throw new IOException("the server showed no X.509 certificate");
    }
    PeerIdentity server;
    try {
      server = PeerIdentity.of(certificate);
    } catch (IllegalArgumentException e) {
      throw new IOException("the server's certificate names no identity: " + e.getMessage(), e);
    }
    if (!expected.test().test(server)) {
      throw new IOException("the server's certificate names " + server + ", not " + expected.description());
    }
  }

  /** The protocol of a call: its answer's containers are charged before they are read ({@link ChargedProtocol}). */
  public static TProtocol protocol(TTransport transport, RpcSettings settings) {
    return new ChargedProtocol(new TBinaryProtocol(transport, settings.maxStringBytes(),
        settings.maxContainerElements(), false, true), java.util.Map.of());
  }
}
