package org.dhtfl.node.thrift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.thrift.TException;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.node.DataSource;
import org.dhtfl.node.JobPeers;
import org.dhtfl.node.Specs;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.node.JobService;
import org.dhtfl.node.ResultStore;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.NodeConnections;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThriftPeerTest {

  private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
  private static final IdSpace SPACE = new IdSpace(6);
  private static final RpcSettings RPC = RpcSettings.DEFAULTS.withConnectTimeoutMs(1_000).withCallTimeoutMs(5_000);

  /** Files and jobs never travel in these tests; no other node is asked. */
  private static final JobPeers NO_OWNERS = new JobPeers() {
    @Override
    public void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path) throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public JobResult result(NodeRef owner, JobKey key, java.util.Optional<org.dhtfl.jobs.RunSecret> secret,
        List<Integer> path) throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public JobResult localResult(NodeRef node, JobKey key, org.dhtfl.node.ReadProof proof) throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken) throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
        throws PeerException {
      throw new PeerException("no file routing in this test");
    }

    @Override
    public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path) throws PeerException {
      throw new PeerException("no file routing in this test");
    }
  };

  @TempDir
  Path data;

  private final List<AutoCloseable> opened = new ArrayList<>();

  @AfterEach
  void closeEverything() throws Exception {
    for (int i = opened.size() - 1; i >= 0; i--) {
      opened.get(i).close();
    }
  }

  /**
   * A ChordNode served over Thrift on a free port of 127.0.0.1. The node's reference carries the
   * port, so the server is started first with a handler that is filled in once the node exists.
   */
  private ChordNode serve(int id) throws TException {
    AtomicReference<ComputeNode.Iface> handler = new AtomicReference<>();
    ComputeNode.Iface later = (ComputeNode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> {
          try {
            return method.invoke(handler.get(), args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
    ThriftServer server = ThriftServer.start("test-node-" + id, new ComputeNode.Processor<>(later), LOOPBACK, 0, RPC);
    opened.add(server);
    NodeRef self = new NodeRef(id, "127.0.0.1", server.port());
    ChordNode chord = new ChordNode(self, SPACE, 3, ThriftPeer.connector(new NodeConnections(RPC)), state -> { });
    JobExecutor jobs = new JobExecutor(DataSource.directory(data), JobExecutor.boundedPool(1, 1), new ResultStore(id));
    opened.add(jobs);
    JobService files = new JobService(chord, jobs, NO_OWNERS, Specs.of(TrainingConfig.defaults()), 0,
        Runnable::run);
    handler.set(new ComputeNodeHandler(chord, files, n -> Optional.empty(), n -> true));
    return chord;
  }

  private static int closedPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, LOOPBACK)) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aNodeJoinsThroughAnotherOverThriftAndLookupsFindTheOwners() throws Exception {
    ChordNode first = serve(19);
    first.create();
    ChordNode second = serve(51);

    second.join(first.self());

    IdealRing ideal = new IdealRing(SPACE, List.of(19, 51));
    ThriftPeer viaFirst = new ThriftPeer(first.self(), new NodeConnections(RPC));
    ThriftPeer viaSecond = new ThriftPeer(second.self(), new NodeConnections(RPC));
    for (int key = 0; key < SPACE.size(); key++) {
      assertThat(viaFirst.lookup(key).owner().id()).as("key %d through 19", key).isEqualTo(ideal.successorOf(key));
      assertThat(viaSecond.lookup(key).owner().id()).as("key %d through 51", key).isEqualTo(ideal.successorOf(key));
    }
    assertThat(first.successor()).isEqualTo(second.self());
    assertThat(first.predecessor()).contains(second.self());
    assertThat(second.successor()).isEqualTo(first.self());
  }

  @Test
  void aRemoteLookupReportsThePathTheOwnerAndTheNodeAsked() throws Exception {
    ChordNode first = serve(19);
    first.create();
    ChordNode second = serve(51);
    second.join(first.self());

    org.dhtfl.chord.Lookup lookup = new ThriftPeer(first.self(), new NodeConnections(RPC)).lookup(30);

    assertThat(lookup.owner()).isEqualTo(second.self());
    assertThat(lookup.path()).containsExactly(19, 51);
    assertThat(lookup.lastHop()).isEqualTo(first.self());
  }

  @Test
  void neighboursAndRouteStepsComeBackAsTheNodeKnowsThem() throws Exception {
    ChordNode first = serve(19);
    first.create();
    ChordNode second = serve(51);
    second.join(first.self());

    ThriftPeer peer = new ThriftPeer(first.self(), new NodeConnections(RPC));

    assertThat(peer.neighbours()).isEqualTo(first.neighbours());
    assertThat(peer.routeStep(58)).isEqualTo(first.routeStep(58));
    assertThat(peer.ping()).isEqualTo(first.self());
  }

  @Test
  void aPingOfAnotherIdAtTheAddressSaysTheAddressNowServesAnotherNode() throws Exception {
    ChordNode node = serve(19);
    node.create();
    NodeRef stale = new NodeRef(20, "127.0.0.1", node.self().port());

    assertThatThrownBy(() -> new ThriftPeer(stale, new NodeConnections(RPC)).ping()).isInstanceOf(PeerException.class)
        .hasMessage("127.0.0.1:" + node.self().port() + " now serves node " + node.self() + ", not " + stale);
  }

  @Test
  void aCallToAClosedPortFailsWithinTheConnectTimeout() throws Exception {
    NodeRef gone = new NodeRef(19, "127.0.0.1", closedPort());
    RpcSettings settings = RpcSettings.DEFAULTS.withConnectTimeoutMs(2_000).withCallTimeoutMs(60_000);
    long started = System.nanoTime();

    assertThatThrownBy(() -> new ThriftPeer(gone, new NodeConnections(settings)).ping()).isInstanceOf(PeerException.class)
        .hasMessageStartingWith("ping on " + gone + ": ");

    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_000));
  }

  @Test
  void everyPeerCallToAClosedPortIsAPeerException() throws Exception {
    ThriftPeer peer = new ThriftPeer(new NodeRef(19, "127.0.0.1", closedPort()), new NodeConnections(RPC));
    NodeRef someone = new NodeRef(51, "127.0.0.1", 1);

    assertThatThrownBy(() -> peer.routeStep(3)).isInstanceOf(PeerException.class);
    assertThatThrownBy(() -> peer.lookup(3)).isInstanceOf(PeerException.class);
    assertThatThrownBy(peer::neighbours).isInstanceOf(PeerException.class);
    assertThatThrownBy(() -> peer.notify(someone)).isInstanceOf(PeerException.class);
    assertThatThrownBy(() -> peer.updateFinger(someone, 1)).isInstanceOf(PeerException.class);
    assertThatThrownBy(() -> peer.leaving(someone, Optional.empty(), List.of())).isInstanceOf(PeerException.class);
  }

  @Test
  void anInvalidRequestAnsweredByTheNodeIsAPeerExceptionWithTheNodesReason() throws Exception {
    ChordNode node = serve(19);
    node.create();

    assertThatThrownBy(() -> new ThriftPeer(node.self(), new NodeConnections(RPC)).routeStep(64)).isInstanceOf(PeerException.class)
        .hasMessageContaining("key 64 out of range 0..63");
  }

  @Test
  void aHandlerSeesTheCallersAddressInTheCallContext() throws Exception {
    Supernode.Iface echo = (Supernode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Supernode.Iface.class},
        (proxy, method, args) -> CallContext.peer().map(InetAddress::getHostAddress).orElse("no caller"));
    ThriftServer server = ThriftServer.start("echo", new Supernode.Processor<>(echo), LOOPBACK, 0, RPC);
    opened.add(server);

    String seen = Rpc.supernode("127.0.0.1", server.port(), RPC, Supernode.Client::get_node);

    assertThat(seen).isEqualTo("127.0.0.1");
    assertThat(CallContext.peer()).as("outside a server thread").isEmpty();
  }

  @Test
  void aServerStartedOnPortZeroReportsThePortItBound() throws Exception {
    ChordNode node = serve(19);

    assertThat(node.self().port()).isBetween(1, 65535);
    assertThat(new ThriftPeer(node.self(), new NodeConnections(RPC)).ping()).isEqualTo(node.self());
  }
}
