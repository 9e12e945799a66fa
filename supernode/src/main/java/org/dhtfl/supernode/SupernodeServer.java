package org.dhtfl.supernode;

import java.net.InetAddress;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ServerMetrics;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.Supernode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running supernode: serves the Supernode service, and checks its members' health so that
 * get_node hands out nodes that answer.
 */
public final class SupernodeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  private final ThriftServer server;
  private final ScheduledExecutorService health;
  private final Membership membership;

  private SupernodeServer(ThriftServer server, ScheduledExecutorService health, Membership membership) {
    this.server = server;
    this.health = health;
    this.membership = membership;
  }

  public static SupernodeServer start(AdmissionList admission, InetAddress bind, int port, int bits, Duration lease,
      Duration healthInterval, RpcSettings rpc) throws TException {
    return start(() -> admission, bind, port, bits, lease, healthInterval, rpc);
  }

  /** @param admission the admission list as it is at each join request */
  public static SupernodeServer start(Supplier<AdmissionList> admission, InetAddress bind, int port, int bits,
      Duration lease, Duration healthInterval, RpcSettings rpc) throws TException {
    return start(admission, bind, port, bits, lease, healthInterval, rpc, Metrics.unexposed());
  }

  /** As the other starts, with the supernode's and its server's metrics registered in {@code metrics}. */
  public static SupernodeServer start(Supplier<AdmissionList> admission, InetAddress bind, int port, int bits,
      Duration lease, Duration healthInterval, RpcSettings rpc, Metrics metrics) throws TException {
    Membership membership = new Membership(new IdSpace(bits), lease, System::currentTimeMillis, new Random());
    SupernodeHandler handler = new SupernodeHandler(admission, membership, SupernodeMetrics.in(metrics, membership));
    ThriftServer server = ThriftServer.start("supernode", new Supernode.Processor<>(handler), bind, port, rpc,
        ServerMetrics.in(metrics));
    ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "supernode-health");
      t.setDaemon(true);
      return t;
    });
    RpcSettings probe = rpc.withConnectTimeoutMs(500).withCallTimeoutMs(1_000);
    long period = healthInterval.toMillis();
    health.scheduleWithFixedDelay(() -> {
      checkHealth(membership, probe);
      handler.logExpired();
    }, period, period, TimeUnit.MILLISECONDS);
    LOG.info("supernode listening on port {} (m = {}, join lease {} ms, {} admitted addresses{})", server.port(), bits,
        lease.toMillis(), admission.get().entries().size(), rpc.tls().map(t -> ", " + t).orElse(""));
    return new SupernodeServer(server, health, membership);
  }

  public int port() {
    return server.port();
  }

  public Membership membership() {
    return membership;
  }

  private static void checkHealth(Membership membership, RpcSettings probe) {
    for (NodeRef member : membership.members()) {
      membership.markReachable(member.id(), Rpc.answersAsItself(member, probe));
    }
  }

  @Override
  public void close() {
    health.shutdownNow();
    server.close();
  }
}
