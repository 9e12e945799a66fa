package org.dhtfl.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.OpenMetricsTextFormatWriter;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The endpoint Prometheus scrapes: GET /metrics on a port of its own, over the JDK's HTTP server,
 * in the client library's text formats: OpenMetrics when the scraper asks for it, else the
 * Prometheus text format. The library's own HTTP exporter would also answer in protobuf to a
 * scraper that prefers it, which needs 2 MB of shaded protobuf in every program; text is what
 * Prometheus asks for unless told to collect native histograms, which dhtfl does not have.
 */
public final class MetricsServer implements AutoCloseable {

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  static MetricsServer start(PrometheusRegistry registry, InetAddress bind, int port) throws IOException {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(bind, port), 8);
    } catch (IOException e) {
      throw new IOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
    }
    AtomicInteger threads = new AtomicInteger();
    // Daemon threads: a program must not be kept alive by its metrics.
    ExecutorService executor = Executors.newFixedThreadPool(2, r -> {
      Thread t = new Thread(r, "metrics-http-" + threads.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
    http.createContext("/metrics", exchange -> scrape(exchange, registry));
    http.setExecutor(executor);
    http.start();
    return new MetricsServer(http, executor);
  }

  private static void scrape(HttpExchange exchange, PrometheusRegistry registry) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET") || !exchange.getRequestURI().getPath().equals("/metrics")) {
        exchange.sendResponseHeaders(exchange.getRequestMethod().equals("GET") ? 404 : 405, -1);
        return;
      }
      String accept = exchange.getRequestHeaders().getFirst("Accept");
      OpenMetricsTextFormatWriter openMetrics = OpenMetricsTextFormatWriter.create();
      ExpositionFormatWriter writer = accept != null && openMetrics.accepts(accept) ? openMetrics
          : PrometheusTextFormatWriter.create();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      writer.write(body, registry.scrape());
      exchange.getResponseHeaders().set("Content-Type", writer.getContentType());
      exchange.sendResponseHeaders(200, body.size());
      try (OutputStream out = exchange.getResponseBody()) {
        body.writeTo(out);
      }
    }
  }

  /** The port it listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
