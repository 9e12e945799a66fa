package org.dhtfl.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;

/**
 * One program's metrics: a registry of its own (never the library's global one), holding the
 * JVM's standard metrics (heap, threads, garbage collection) and whatever the program registers.
 * {@link #serve} exposes them in the Prometheus text format; without it they are kept, unread.
 */
public final class Metrics {

  private final PrometheusRegistry registry;

  private Metrics(PrometheusRegistry registry) {
    this.registry = registry;
  }

  /** A registry with the JVM's metrics, for a program. */
  public static Metrics withJvm() {
    PrometheusRegistry registry = new PrometheusRegistry();
    JvmMetrics.builder().register(registry);
    return new Metrics(registry);
  }

  /** An empty registry, for tests and for parts started without a program around them. */
  public static Metrics unexposed() {
    return new Metrics(new PrometheusRegistry());
  }

  public PrometheusRegistry registry() {
    return registry;
  }

  /** Serves GET /metrics on bind:port (0: any free port) until the server is closed. */
  public MetricsServer serve(InetAddress bind, int port) throws IOException {
    return MetricsServer.start(registry, bind, port);
  }

  /** The metrics as /metrics answers them, in the Prometheus text format. */
  public String text() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }
}
