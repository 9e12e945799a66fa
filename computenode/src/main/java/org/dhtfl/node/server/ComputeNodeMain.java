package org.dhtfl.node.server;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dhtfl.chord.JoinException;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.DefaultData;
import org.dhtfl.cli.MetricsOptions;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.metrics.MetricsServer;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.node.ResultStore;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.rpc.RpcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** scripts/computenode: a member of the Chord ring that trains the files it owns. */
@Command(name = "computenode", mixinStandardHelpOptions = true, sortOptions = false,
    versionProvider = Version.class,
    description = "Joins the ring through the supernode (waiting for it when it is not up yet), routes put_data "
        + "and get_model by SHA-1(filename) mod 2^m, and trains the files whose keys it owns, reading them "
        + "from the data directory. Ctrl-C or SIGTERM leaves the ring gracefully.")
public final class ComputeNodeMain implements Callable<Integer> {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  @Parameters(index = "0", paramLabel = "<port>", description = "Port to serve on.", converter = Cli.Port.class)
  int port;

  @Parameters(index = "1", paramLabel = "<supernode_ip>", description = "Host of the supernode.")
  String supernodeHost;

  @Parameters(index = "2", paramLabel = "<supernode_port>", description = "Port of the supernode.",
      converter = Cli.Port.class)
  int supernodePort;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where the training files are (default: letters "
      + "in the working folder, else the project's data/letters).")
  Path dataDir;

  @Option(names = "--bind", paramLabel = "ADDR", converter = Cli.Address.class,
      description = "Address to listen on (default: all interfaces).")
  InetAddress bind;

  @Option(names = "--successors", paramLabel = "R", description = "Successor list length (default: ${DEFAULT-VALUE}).")
  int successors = 8;

  @Option(names = "--stabilize-ms", paramLabel = "MS", description = "Ring maintenance period (default: ${DEFAULT-VALUE}).")
  long stabilizeMs = 500;

  @Option(names = "--join-timeout-s", paramLabel = "S", description = "Give up when not admitted within S seconds, "
      + "whether the supernode does not answer yet or other nodes keep joining (default: wait until admitted).")
  Long joinTimeoutS;

  @Option(names = "--workers", paramLabel = "N", description = "Files trained at once (default: the cores, ${DEFAULT-VALUE}).")
  int workers = Runtime.getRuntime().availableProcessors();

  @Option(names = "--queue", paramLabel = "N", description = "Files that may wait for a worker (default: ${DEFAULT-VALUE}).")
  int queue = 10_000;

  @Option(names = "--replicas", paramLabel = "N", description = "Successors that keep a copy of each result (default: ${DEFAULT-VALUE}).")
  int replicas = 2;

  @Option(names = "--result-ttl-s", paramLabel = "S", description = "Forget the results of a federated run, its "
      + "own and the copies, when nobody submitted to or asked about the run for S seconds (default: ${DEFAULT-VALUE}).")
  long resultTtlS = ResultStore.DEFAULT_TTL.toSeconds();

  @Option(names = "--model", paramLabel = "KIND", description = "What put_data files train: "
      + "${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  ModelKind model = ModelKind.MLP;

  @Option(names = "--hidden", paramLabel = "H", description = "Hidden units of the MLP (default: ${DEFAULT-VALUE}).")
  int hidden = 20;

  @Option(names = "--epochs", paramLabel = "E", description = "Most epochs per file (default: ${DEFAULT-VALUE}).")
  int epochs = 250;

  @Option(names = "--eta", paramLabel = "X", description = "Learning rate on the summed loss (default: ${DEFAULT-VALUE}).")
  double eta = 1e-4;

  @Option(names = "--momentum", paramLabel = "X", description = "Momentum (default: ${DEFAULT-VALUE}).")
  double momentum = 0.7;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the start weights (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--init", paramLabel = "SOURCE", description = "Random source of the start weights, "
      + "${COMPLETION-CANDIDATES}: glibc as the reference's C++ model (default), numpy as its Python model.")
  StartWeights init = StartWeights.GLIBC;

  @Option(names = "--no-early-stop", description = "Run every epoch.")
  boolean noEarlyStop;

  @Option(names = "--no-warm-up", description = "Ask to join at once, without first compiling the trainer on "
      + "made-up rows; the first files then train slower (to measure what the warm-up saves).")
  boolean noWarmUp;

  @Option(names = "--virtual", paramLabel = "V", description = "Positions this node holds on the ring, 1.."
      + NodeProcess.MAX_POSITIONS + ", each admitted and routed as a node of its own, all training on this "
      + "process's workers; position k serves on <port> + (k - 1) x --virtual-port-step, and the supernode's "
      + "admission list must name each (default: ${DEFAULT-VALUE}).")
  int virtual = 1;

  @Option(names = "--virtual-port-step", paramLabel = "S", description = "How far apart the positions' ports are "
      + "(default: ${DEFAULT-VALUE}).")
  int virtualPortStep = 100;

  @Option(names = "--rpc-timeout-ms", paramLabel = "MS", description = "Timeout of calls to other nodes (default: ${DEFAULT-VALUE}).")
  int rpcTimeoutMs = RpcSettings.DEFAULTS.callTimeoutMs();

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Mixin
  MetricsOptions metricsOptions = new MetricsOptions();

  public static void main(String[] args) {
    System.exit(Cli.commandLine(new ComputeNodeMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    ComputeNodeServer.Options options;
    RpcSettings rpc;
    try {
      rpc = RpcSettings.DEFAULTS.withCallTimeoutMs(rpcTimeoutMs).withTls(tls.load());
    } catch (java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    try {
      JobSpec training = new JobSpec(model.label(), hidden, TrainingConfig.LETTER_CLASSES, epochs, eta, momentum,
          !noEarlyStop, false, seed, init.label());
      TrainingSpecs.config(training);
      NodeProcess.ports(port, virtual, virtualPortStep);
      if (virtual > 1 && rpc.tls().isPresent()) {
        throw new IllegalArgumentException("--virtual " + virtual + " cannot run with TLS: a node certificate "
            + "names one HOST:PORT, and each position serves on a port of its own");
      }
      options = new ComputeNodeServer.Options(port, supernodeHost, supernodePort, DefaultData.dataDir(dataDir),
          bind == null ? InetAddress.getByAddress(new byte[4]) : bind, successors, Duration.ofMillis(stabilizeMs),
          Optional.ofNullable(joinTimeoutS).map(Duration::ofSeconds), workers, queue, replicas,
          Duration.ofSeconds(resultTtlS), training, rpc, !noWarmUp);
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    }
    Metrics metrics = Metrics.withJvm();
    Optional<MetricsServer> served;
    try {
      served = metricsOptions.serve(metrics);
    } catch (java.io.IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    served.ifPresent(m -> LOG.info("metrics on http://{}:{}/metrics",
        hostOf(metricsOptions.bind(InetAddress.getLoopbackAddress())), m.port()));
    try {
      return runUntilStopped(options, virtual, virtualPortStep, metrics);
    } finally {
      served.ifPresent(MetricsServer::close);
    }
  }

  /** How a person reaches an address the program listens on: all interfaces read as this host. */
  private static String hostOf(InetAddress bind) {
    return bind.isAnyLocalAddress() ? "localhost" : bind.getHostAddress();
  }

  /**
   * Starts the node and runs it until Ctrl-C or SIGTERM, which end a wait for the supernode or
   * make the running node leave; the JVM ends once this method is done with either.
   */
  private static int runUntilStopped(ComputeNodeServer.Options options, int positions, int portStep, Metrics metrics)
      throws InterruptedException {
    CountDownLatch stop = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    Thread onShutdown = new Thread(() -> {
      stop.countDown();
      try {
        done.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "leave-on-shutdown");
    Runtime.getRuntime().addShutdownHook(onShutdown);
    try {
      NodeProcess node;
      try {
        node = NodeProcess.start(options, positions, portStep, stop, metrics);
      } catch (StoppedBeforeJoining e) {
        LOG.info(e.getMessage());
        return 0;
      } catch (JoinException | java.io.IOException e) {
        System.err.println("error: " + e.getMessage());
        return Cli.FAILED;
      }
      stop.await();
      node.close();
      return 0;
    } finally {
      done.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(onShutdown);
      } catch (IllegalStateException shuttingDown) {
        // The hook is running: it ends now that done is counted down.
      }
    }
  }
}
