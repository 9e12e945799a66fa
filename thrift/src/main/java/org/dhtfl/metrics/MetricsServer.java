package org.dhtfl.metrics;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP endpoint Prometheus scrapes: GET /metrics in the text format, on a port of its own. */
public final class MetricsServer implements AutoCloseable {

  private final HTTPServer server;

  private MetricsServer(HTTPServer server) {
    this.server = server;
  }

  static MetricsServer start(PrometheusRegistry registry, InetAddress bind, int port) throws IOException {
    AtomicInteger threads = new AtomicInteger();
    // Two daemon threads: a scrape is small, and a program must not be kept alive by its metrics.
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    try {
      return new MetricsServer(HTTPServer.builder().inetAddress(bind).port(port).registry(registry)
          .executorService(executor).buildAndStart());
    } catch (IOException e) {
      executor.shutdownNow();
      throw new IOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getPort();
  }

  @Override
  public void close() {
    server.close();
  }
}
