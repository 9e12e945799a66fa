package org.dhtfl.client.watch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.dhtfl.http.HostHeaderFilter;

/**
 * The live page over the JDK's HTTP server: the page itself (plain HTML, SVG and JavaScript from
 * the client's resources, nothing fetched from elsewhere), GET /ring.json with the ring as last
 * read, and GET /run.json with the run's progress when a run is watched. The ring is read again
 * every interval on a thread of its own; the page asks for both about every second.
 */
public final class WatchServer implements AutoCloseable {

  private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
  private static final String RESOURCES = "/org/dhtfl/client/watch/";
  private static final Map<String, String> PAGE_FILES = Map.of(
      "/", "index.html",
      "/index.html", "index.html",
      "/watch.js", "watch.js",
      "/watch.css", "watch.css");

  private final HttpServer server;
  private final ScheduledExecutorService poller;
  private final ExecutorService handlers;
  private volatile byte[] ring;

  private WatchServer(HttpServer server, ScheduledExecutorService poller, ExecutorService handlers) {
    this.server = server;
    this.poller = poller;
    this.handlers = handlers;
  }

  /**
   * Reads the ring once, then serves the page on bind:port (0: any free port) and reads the ring
   * again every {@code interval}.
   *
   * @param ring reads the ring (a {@link RingWatcher}'s poll, or a fixed view)
   * @param run the watched run's progress, if any
   */
  public static WatchServer start(InetAddress bind, int port, Supplier<RingView> ring, Duration interval,
      Optional<Supplier<RunProgress.View>> run) throws IOException {
    HttpServer http;
    try {
      http = HttpServer.create(new InetSocketAddress(bind, port), 16);
    } catch (IOException e) {
      throw new IOException("cannot serve the page on port " + port + ": " + e.getMessage(), e);
    }
    ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(daemon("watch-poll"));
    ExecutorService handlers = Executors.newFixedThreadPool(2, daemon("watch-http"));
    WatchServer watch = new WatchServer(http, poller, handlers);
    watch.ring = json(ring.get());
    HostHeaderFilter hosts = HostHeaderFilter.forThisMachine();
    PAGE_FILES.forEach((path, file) -> context(http, hosts, path, exchange -> {
      if (!exchange.getRequestURI().getPath().equals(path)) {
        send(exchange, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
        return;
      }
      send(exchange, 200, contentType(file), resource(file));
    }));
    context(http, hosts, "/ring.json", exchange -> send(exchange, 200, "application/json", watch.ring));
    context(http, hosts, "/run.json", exchange -> {
      if (run.isEmpty()) {
        send(exchange, 404, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
      } else {
        send(exchange, 200, "application/json", json(run.get().get()));
      }
    });
    http.setExecutor(handlers);
    http.start();
    long period = interval.toMillis();
    poller.scheduleWithFixedDelay(() -> {
      try {
        watch.ring = json(ring.get());
      } catch (RuntimeException e) {
        // Keep the last view; the next read may succeed.
      }
    }, period, period, TimeUnit.MILLISECONDS);
    return watch;
  }

  /**
   * Serves one path. Every path, the page's files and its JSON alike, answers only requests whose
   * Host header names this machine, so that another site's page cannot read the ring through a
   * domain re-pointed at this address.
   */
  private static void context(HttpServer http, HostHeaderFilter hosts, String path, HttpHandler handler) {
    http.createContext(path, handler).getFilters().add(hosts);
  }

  /** The port the page is served on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The page's address as a person types it: all interfaces read as this host. */
  public String url() {
    InetAddress address = server.getAddress().getAddress();
    String host = address.isAnyLocalAddress() || address.isLoopbackAddress() ? "127.0.0.1" : address.getHostAddress();
    return "http://" + host + ":" + port() + "/";
  }

  @Override
  public void close() {
    poller.shutdownNow();
    server.stop(0);
    handlers.shutdownNow();
  }

  /** The JSON text of a view, as the page gets it. */
  public static String text(Object view) {
    return new String(json(view), StandardCharsets.UTF_8);
  }

  private static byte[] json(Object view) {
    try {
      return JSON.writeValueAsBytes(view);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
    try (exchange) {
      if (!exchange.getRequestMethod().equals("GET")) {
        exchange.sendResponseHeaders(405, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", type);
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(status, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String file) throws IOException {
    try (InputStream in = WatchServer.class.getResourceAsStream(RESOURCES + file)) {
      if (in == null) {
        throw new IOException("the page's " + file + " is missing from the client's jar");
      }
      return in.readAllBytes();
    }
  }

  private static String contentType(String file) {
    if (file.endsWith(".html")) {
      return "text/html; charset=utf-8";
    }
    if (file.endsWith(".js")) {
      return "text/javascript; charset=utf-8";
    }
    return "text/css; charset=utf-8";
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    AtomicInteger count = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, name + "-" + count.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
