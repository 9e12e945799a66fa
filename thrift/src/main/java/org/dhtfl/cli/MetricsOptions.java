package org.dhtfl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.metrics.MetricsServer;
import picocli.CommandLine.Option;

/** The metrics option every program shares (a picocli mixin): off unless a port is given. */
public final class MetricsOptions {

  @Option(names = "--metrics-port", paramLabel = "PORT", converter = Cli.Port.class,
      description = "Serve metrics in the Prometheus text format on http://HOST:PORT/metrics (default: none).")
  Integer port;

  /**
   * Whether a port was given. A program that serves no metrics need not build them: the JVM's
   * metrics take a fresh client 0.1 s and more to set up.
   */
  public boolean requested() {
    return port != null;
  }

  /** Serves the metrics on the port given, on {@code bind}; empty when no port was given. */
  public Optional<MetricsServer> serve(Metrics metrics, InetAddress bind) throws IOException {
    if (port == null) {
      return Optional.empty();
    }
    return Optional.of(metrics.serve(bind, port));
  }
}
