package org.dhtfl.rpc;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Set;
import org.dhtfl.metrics.Metrics;

/**
 * What a {@link ThriftServer} measures: calls and their latency per method, and connections open,
 * accepted and refused (beyond the pool's limit). Method names come from the service's own list,
 * so a peer sending made-up names adds no label values: those count as "unknown".
 */
public final class ServerMetrics {

  /** The latency buckets of a call, in seconds: from a local ping to a slow remote job. */
  private static final double[] SECONDS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
      5, 10};

  private final Counter calls;
  private final Histogram duration;
  private final Gauge open;
  private final Counter accepted;
  private final Counter refused;
  private final Counter bytes;

  private ServerMetrics(PrometheusRegistry registry) {
    calls = Counter.builder().name("dhtfl_rpc_server_calls_total")
        .help("Calls served, by method and outcome (ok, or dropped: malformed)")
        .labelNames("method", "outcome").register(registry);
    duration = Histogram.builder().name("dhtfl_rpc_server_duration_seconds")
        .help("Time from a call's first bytes to its answer, by method")
        .labelNames("method").classicOnly().classicUpperBounds(SECONDS).register(registry);
    open = Gauge.builder().name("dhtfl_rpc_server_connections_open").help("Connections being served now")
        .register(registry);
    accepted = Counter.builder().name("dhtfl_rpc_server_connections_total").help("Connections accepted")
        .register(registry);
    refused = Counter.builder().name("dhtfl_rpc_server_connections_refused_total")
        .help("Connections closed at once because every connection thread was busy").register(registry);
    bytes = Counter.builder().name("dhtfl_rpc_server_bytes_total")
        .help("Bytes of calls received and of answers sent (TLS records not counted)").labelNames("direction")
        .register(registry);
  }

  /** Instruments registered in the program's metrics. */
  public static ServerMetrics in(Metrics metrics) {
    return new ServerMetrics(metrics.registry());
  }

  /** Instruments nobody reads, for servers started without a program's metrics (tests). */
  public static ServerMetrics unexposed() {
    return new ServerMetrics(new PrometheusRegistry());
  }

  void called(String method, Set<String> known, boolean ok, long nanos) {
    String label = known.contains(method) ? method : "unknown";
    calls.labelValues(label, ok ? "ok" : "dropped").inc();
    duration.labelValues(label).observe(nanos / 1e9);
  }

  void opened() {
    accepted.inc();
    open.inc();
  }

  void closed() {
    open.dec();
  }

  void transferred(long received, long sent) {
    if (received > 0) {
      bytes.labelValues("received").inc(received);
    }
    if (sent > 0) {
      bytes.labelValues("sent").inc(sent);
    }
  }

  void refused() {
    refused.inc();
  }
}
