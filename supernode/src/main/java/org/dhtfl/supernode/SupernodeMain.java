package org.dhtfl.supernode;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.thrift.TException;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.MetricsOptions;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.metrics.MetricsServer;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.RpcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** scripts/supernode: admits compute nodes to the ring and hands out entry points. */
@Command(name = "supernode", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = Version.class,
    description = "Admits the compute nodes listed in the admission file (one ip,port per line), one at a "
        + "time; gives each the ID SHA-1(port) mod 2^m (the next free one clockwise on a "
        + "collision) and a member to join through. A join not confirmed within the lease "
        + "expires. The members are kept in a file and renew every few seconds, so a restart keeps the ring.")
public final class SupernodeMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  @Option(names = "--port", paramLabel = "PORT", converter = Cli.Port.class,
      description = "Port to serve on (default: ${DEFAULT-VALUE}).")
  int port = 9091;

  @Option(names = "--bits", paramLabel = "M", description = "m: IDs are 0..2^m-1, m in 3..31 (default: ${DEFAULT-VALUE}).")
  int bits = 6;

  @Option(names = "--nodes", paramLabel = "FILE", description = "Admission list (default: ${DEFAULT-VALUE}).")
  Path nodes = Path.of("compute_node.txt");

  @Option(names = "--lease-ms", paramLabel = "MS", description = "Time a joiner has to confirm (default: ${DEFAULT-VALUE}).")
  long leaseMs = 10_000;

  @Option(names = "--health-ms", paramLabel = "MS", description = "Period of the members' health check (default: ${DEFAULT-VALUE}).")
  long healthMs = 2_000;

  @Option(names = "--state", paramLabel = "FILE", description = "Membership file, rewritten at every change and read "
      + "back at start (default: " + MembershipFile.DEFAULT_NAME + " beside the admission list).")
  Path state;

  @Option(names = "--heartbeat-ms", paramLabel = "MS", description = "How often members renew their membership "
      + "(default: ${DEFAULT-VALUE}).")
  long heartbeatMs = 2_000;

  @Option(names = "--grace-ms", paramLabel = "MS", description = "After a start that found no member: how long no "
      + "joiner is told it is the first, unless nothing listens at the other listed addresses (default: 3 heartbeats).")
  Long graceMs;

  @Option(names = "--drop-after-ms", paramLabel = "MS", description = "A member that neither renews nor answers a "
      + "health check for this long is dropped (default: 5 heartbeats).")
  Long dropAfterMs;

  @Option(names = "--bind", paramLabel = "ADDR", converter = Cli.Address.class,
      description = "Address to listen on (default: all interfaces).")
  InetAddress bind;

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Mixin
  MetricsOptions metricsOptions = new MetricsOptions();

  public static void main(String[] args) {
    System.exit(Cli.commandLine(new SupernodeMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    if (bits < IdSpace.MIN_BITS || bits > IdSpace.MAX_BITS) {
      System.err.println("error: --bits " + bits + " out of range " + IdSpace.MIN_BITS + ".." + IdSpace.MAX_BITS);
      return 2;
    }
    if (leaseMs <= 0 || healthMs <= 0) {
      System.err.println("error: --lease-ms and --health-ms must be positive");
      return 2;
    }
    RestartOptions restart;
    try {
      restart = restartOptions();
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    AdmissionFile admission;
    try {
      admission = AdmissionFile.open(nodes);
    } catch (java.nio.file.NoSuchFileException e) {
      System.err.println("error: no admission list " + nodes.toAbsolutePath() + " (give one with --nodes FILE)");
      return Cli.FAILED;
    } catch (IOException e) {
      System.err.println("error: cannot read the admission list: " + e.getMessage());
      return Cli.FAILED;
    }
    RpcSettings rpc;
    try {
      rpc = RpcSettings.DEFAULTS.withTls(tls.load());
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    InetAddress address = bind == null ? InetAddress.getByAddress(new byte[4]) : bind;
    Metrics metrics = Metrics.withJvm();
    SupernodeServer server;
    Optional<MetricsServer> served;
    try {
      served = metricsOptions.serve(metrics);
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    try {
      server = SupernodeServer.start(admission, address, port, bits, Duration.ofMillis(leaseMs),
          Duration.ofMillis(healthMs), restart, rpc, metrics);
    } catch (TException e) {
      served.ifPresent(MetricsServer::close);
      System.err.println("error: cannot serve on port " + port + ": " + e.getMessage());
      return Cli.FAILED;
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage() + " (give another with --state FILE)");
      return Cli.FAILED;
    }
    InetAddress metricsAddress = metricsOptions.bind(InetAddress.getLoopbackAddress());
    served.ifPresent(m -> LOG.info("metrics on http://{}:{}/metrics",
        metricsAddress.isAnyLocalAddress() ? "localhost" : metricsAddress.getHostAddress(), m.port()));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      served.ifPresent(MetricsServer::close);
      stopped.countDown();
    }, "supernode-shutdown"));
    stopped.await();
    return 0;
  }

  /** --state, --heartbeat-ms, --grace-ms and --drop-after-ms, with the defaults that follow the heartbeat. */
  private RestartOptions restartOptions() {
    Path file = state != null ? state : nodes.resolveSibling(MembershipFile.DEFAULT_NAME);
    if (heartbeatMs <= 0) {
      throw new IllegalArgumentException("--heartbeat-ms " + heartbeatMs + " must be positive");
    }
    RestartOptions defaults = RestartOptions.of(file, Duration.ofMillis(heartbeatMs));
    Duration grace = graceMs == null ? defaults.grace() : Duration.ofMillis(graceMs);
    Duration dropAfter = dropAfterMs == null ? defaults.dropAfter() : Duration.ofMillis(dropAfterMs);
    if (grace.isNegative()) {
      throw new IllegalArgumentException("--grace-ms " + graceMs + " must not be negative");
    }
    if (dropAfter.toMillis() <= Math.max(heartbeatMs, healthMs)) {
      throw new IllegalArgumentException("--drop-after-ms " + dropAfter.toMillis() + " must be longer than "
          + "--heartbeat-ms (" + heartbeatMs + ") and --health-ms (" + healthMs + ")");
    }
    return new RestartOptions(file, Duration.ofMillis(heartbeatMs), grace, dropAfter);
  }
}
