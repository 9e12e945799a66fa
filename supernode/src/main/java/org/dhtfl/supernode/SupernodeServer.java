package org.dhtfl.supernode;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.apache.thrift.TException;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ServerMetrics;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.Supernode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running supernode: serves the Supernode service from the membership it read back, and checks
 * its members' health so that get_node hands out nodes that answer and silent members are dropped.
 */
public final class SupernodeServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  private final ThriftServer server;
  private final ScheduledExecutorService health;
  private final Membership membership;
  private final MembershipFile file;

  private SupernodeServer(ThriftServer server, ScheduledExecutorService health, Membership membership,
      MembershipFile file) {
    this.server = server;
    this.health = health;
    this.membership = membership;
    this.file = file;
  }

  /**
   * Reads the membership file back, then serves, checks the members' health and drops the silent.
   *
   * @param admission the admission list as it is at each join request
   * @throws IOException when the membership file's folder does not take a new file
   */
  public static SupernodeServer start(Supplier<AdmissionList> admission, InetAddress bind, int port, int bits,
      Duration lease, Duration healthInterval, RestartOptions restart, RpcSettings rpc) throws TException, IOException {
    return start(admission, bind, port, bits, lease, healthInterval, restart, rpc, Metrics.unexposed());
  }

  /** As the other start, with the supernode's and its server's metrics registered in {@code metrics}. */
  public static SupernodeServer start(Supplier<AdmissionList> admission, InetAddress bind, int port, int bits,
      Duration lease, Duration healthInterval, RestartOptions restart, RpcSettings rpc, Metrics metrics)
      throws TException, IOException {
    IdSpace space = new IdSpace(bits);
    MembershipFile file = new MembershipFile(restart.stateFile(), space);
    file.checkWritable();
    MembershipFile.Restored restored = file.read();
    restored.problem().ifPresent(problem -> LOG.error("membership file not used: {}; starting with no members, and "
        + "for {} ms no joiner is told that it is the first", problem, restart.grace().toMillis()));
    Membership membership = new Membership(space, new Membership.Timing(lease, restart.grace(), restart.dropAfter()),
        System::currentTimeMillis, new Random(), restored.members(), file::offer);
    RpcSettings probe = rpc.withConnectTimeoutMs(500).withCallTimeoutMs(1_000);
    ForgottenMembers forgotten = new ForgottenMembers(membership, entries -> NodeProbe.askAll(entries, probe),
        restored.problem().isEmpty());
    SupernodeHandler handler = new SupernodeHandler(admission, membership, forgotten, restart.heartbeat(),
        SupernodeMetrics.in(metrics, membership));
    ThriftServer server = ThriftServer.start("supernode", new Supernode.Processor<>(SupernodeCallers.guard(handler)), bind, port, rpc,
        ServerMetrics.in(metrics));
    ScheduledExecutorService health = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "supernode-health");
      t.setDaemon(true);
      return t;
    });
    long period = healthInterval.toMillis();
    AtomicReference<Set<Integer>> lastElsewhere = new AtomicReference<>(Set.of());
    health.scheduleWithFixedDelay(() -> {
      checkHealth(membership, probe, lastElsewhere);
      handler.logExpired();
    }, period, period, TimeUnit.MILLISECONDS);
    LOG.info("supernode listening on port {} (m = {}, join lease {} ms, {} admitted addresses{})", server.port(), bits,
        lease.toMillis(), admission.get().entries().size(), rpc.tls().map(t -> ", " + t).orElse(""));
    LOG.info("membership file {}: {} members restored{}; members renew every {} ms and are dropped after {} ms "
        + "without a heartbeat or an answer", file.path(), restored.members().size(),
        restored.members().isEmpty() ? "" : " " + restored.members(), restart.heartbeat().toMillis(),
        restart.dropAfter().toMillis());
    return new SupernodeServer(server, health, membership, file);
  }

  public int port() {
    return server.port();
  }

  public Membership membership() {
    return membership;
  }

  /**
   * Marks who answers and which ring each member's successor leads into (logging when members are
   * found in another ring, and when the rings are one again), then drops the members that neither
   * renewed nor answered for the drop time.
   */
  private static void checkHealth(Membership membership, RpcSettings probe,
      AtomicReference<Set<Integer>> lastElsewhere) {
    try {
      for (NodeRef member : membership.members()) {
        NodeProbe.Answer answer = NodeProbe.ask(member.host(), member.port(), probe);
        membership.markReachable(member.id(), NodeProbe.showsAlive(answer, member));
        membership.markSuccessor(member.id(), answer instanceof NodeProbe.Answer.Node
            ? NodeProbe.successorOf(member, probe) : Optional.empty());
      }
      Set<Integer> elsewhere = membership.outsideMainRing();
      if (!elsewhere.equals(lastElsewhere.getAndSet(elsewhere))) {
        if (elsewhere.isEmpty()) {
          LOG.info("the members form one ring again");
        } else {
          LOG.warn("members {} are in another ring than most members; they are handed out no more until the rings "
              + "merge", elsewhere);
        }
      }
      List<NodeRef> dropped = membership.dropSilent();
      if (!dropped.isEmpty()) {
        LOG.warn("dropped {}: no heartbeat and no answer to health checks for {} ms; members: {}", dropped,
            membership.timing().dropAfter().toMillis(), membership.members().stream().map(NodeRef::id).toList());
      }
    } catch (RuntimeException e) {
      LOG.warn("health check failed", e);
    }
  }

  @Override
  public void close() {
    health.shutdownNow();
    server.close();
    file.close(Duration.ofSeconds(5));
  }
}
