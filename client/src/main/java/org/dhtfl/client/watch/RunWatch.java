package org.dhtfl.client.watch;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.MetricsOptions;
import org.dhtfl.client.watch.ClientMetrics;
import org.dhtfl.client.watch.RingWatcher;
import org.dhtfl.client.watch.RunListener;
import org.dhtfl.client.watch.RunProgress;
import org.dhtfl.client.watch.WatchServer;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.metrics.MetricsServer;
import org.dhtfl.rpc.RpcSettings;

/**
 * What a training client serves about its run when asked to: its metrics on --metrics-port, and
 * the live page of the ring and the run on --http. The page stays after the run, watching the
 * ring, until the client is stopped (Ctrl-C).
 */
public final class RunWatch implements AutoCloseable {

  /** A training run that reports to a listener; returns its exit code. */
  @FunctionalInterface
  public interface Run {
    int run(RunListener listener) throws InterruptedException;
  }

  /** How often the page's ring is read again. */
  public static final Duration INTERVAL = Duration.ofSeconds(1);

  private final PrintStream out;
  private final Optional<MetricsServer> metrics;
  private final Optional<WatchServer> page;
  private final RunListener listener;

  private RunWatch(PrintStream out, Optional<MetricsServer> metrics, Optional<WatchServer> page,
      RunListener listener) {
    this.out = out;
    this.metrics = metrics;
    this.page = page;
    this.listener = listener;
  }

  /**
   * Starts what was asked for: the metrics server when {@code metricsOptions} has a port, the page
   * on {@code httpPort} when given.
   */
  private static RunWatch start(PrintStream out, MetricsOptions metricsOptions, Optional<Integer> httpPort,
      InetAddress httpBind, String supernodeHost, int supernodePort, RpcSettings rpc) throws IOException {
    Optional<MetricsServer> served = Optional.empty();
    RunListener listener = RunListener.NONE;
    if (metricsOptions.requested()) {
      Metrics registry = Metrics.withJvm();
      served = metricsOptions.serve(registry, httpBind);
      listener = new ClientMetrics(registry);
    }
    served.ifPresent(m -> out.printf("Metrics: http://%s:%d/metrics%n", host(httpBind), m.port()));
    Optional<WatchServer> page = Optional.empty();
    if (httpPort.isPresent()) {
      RunProgress progress = new RunProgress();
      RingWatcher watcher = RingWatcher.overThrift(supernodeHost, supernodePort, Optional.empty(), forWatching(rpc));
      try {
        page = Optional.of(WatchServer.start(httpBind, httpPort.get(), watcher::poll, INTERVAL,
            Optional.of(progress::view)));
      } catch (IOException e) {
        served.ifPresent(MetricsServer::close);
        throw e;
      }
      listener = RunListener.both(listener, progress);
      out.println("Live page: " + page.get().url());
    }
    return new RunWatch(out, served, page, listener);
  }

  /**
   * Runs the training with what was asked for around it (see {@link #start}); after the run, a
   * page goes on serving until the client is stopped. Returns the run's exit code.
   */
  public static int around(PrintStream out, MetricsOptions metricsOptions, Optional<Integer> httpPort, InetAddress httpBind,
      String supernodeHost, int supernodePort, RpcSettings rpc, Run run) throws InterruptedException {
    RunWatch watch;
    try {
      watch = start(out, metricsOptions, httpPort, httpBind, supernodeHost, supernodePort, rpc);
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    try (watch) {
      int status = run.run(watch.listener());
      watch.ended(status == 0, status == 0 ? "the run finished" : "the run failed (exit code " + status + ")");
      return status;
    }
  }

  /** Short deadlines: a page that waits 10 s for a dead node is not live. */
  public static RpcSettings forWatching(RpcSettings rpc) {
    return rpc.withConnectTimeoutMs(500).withCallTimeoutMs(2_000);
  }

  RunListener listener() {
    return listener;
  }

  /** The run ended: the listeners hear it; with the page, the client goes on serving it until stopped. */
  void ended(boolean ok, String message) throws InterruptedException {
    listener.ended(ok, message);
    if (page.isPresent()) {
      out.println("The run is over; " + page.get().url() + " goes on watching the ring until Ctrl-C");
      out.flush();
      new CountDownLatch(1).await();
    }
  }

  @Override
  public void close() {
    page.ifPresent(WatchServer::close);
    metrics.ifPresent(MetricsServer::close);
  }

  static String host(InetAddress bind) {
    return bind.isAnyLocalAddress() ? "localhost" : bind.getHostAddress();
  }
}
