package org.dhtfl.cli;

import java.io.IOException;
import java.net.InetAddress;
import java.util.Optional;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.metrics.MetricsServer;
import picocli.CommandLine.Option;

/**
 * The metrics options every program shares (a picocli mixin): off unless a port is given, and
 * then on this machine's loopback address unless an address is given. Metrics name the ring's
 * members and their load; whoever reaches the port reads them, so a program shows them to other
 * machines only when told to.
 */
public final class MetricsOptions {

  @Option(names = "--metrics-port", paramLabel = "PORT", converter = Cli.Port.class,
      description = "Serve metrics in the Prometheus text format on http://HOST:PORT/metrics (default: none).")
  Integer port;

  @Option(names = "--metrics-bind", paramLabel = "ADDR", converter = Cli.Address.class,
      description = "Address the metrics listen on (default: 127.0.0.1, or the client's --http-bind; "
          + "0.0.0.0 for every interface).")
  InetAddress bind;

  /**
   * Whether a port was given. A program that serves no metrics need not build them: the JVM's
   * metrics take a fresh client 0.1 s and more to set up.
   */
  public boolean requested() {
    return port != null;
  }

  /**
   * Serves the metrics on the port given, on --metrics-bind, else on {@code otherwise}; empty when
   * no port was given.
   */
  public Optional<MetricsServer> serve(Metrics metrics, InetAddress otherwise) throws IOException {
    if (port == null) {
      return Optional.empty();
    }
    return Optional.of(metrics.serve(bind == null ? otherwise : bind, port));
  }

  /** Serves the metrics on the port given, on --metrics-bind, else on the loopback address. */
  public Optional<MetricsServer> serve(Metrics metrics) throws IOException {
    return serve(metrics, InetAddress.getLoopbackAddress());
  }

  /** The address the metrics listen on when served: --metrics-bind, else {@code otherwise}. */
  public InetAddress bind(InetAddress otherwise) {
    return bind == null ? otherwise : bind;
  }
}
