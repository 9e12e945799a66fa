package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class WatchServerTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static HttpResponse<String> get(WatchServer server, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + path.substring(1))).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static RingView ring(int members) {
    List<RingView.Member> list = new java.util.ArrayList<>();
    for (int i = 0; i < members; i++) {
      list.add(new RingView.Member(i, "127.0.0.1", 5000 + i, null, List.of(), List.of(), List.of()));
    }
    return new RingView(6, "2026-11-29T12:00:00Z", null, list, List.of());
  }

  @Test
  void thePageItsScriptAndStyleComeFromTheClientItself() throws Exception {
    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, () -> ring(1),
        Duration.ofSeconds(1), Optional.empty())) {
      HttpResponse<String> page = get(server, "/");
      HttpResponse<String> script = get(server, "/watch.js");
      HttpResponse<String> style = get(server, "/watch.css");

      assertThat(page.statusCode()).isEqualTo(200);
      assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(page.body()).contains("<script src=\"watch.js\"></script>").doesNotContain("http://", "https://");
      assertThat(script.body()).contains("ring.json").doesNotContain("https://");
      assertThat(style.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");
      assertThat(get(server, "/elsewhere").statusCode()).isEqualTo(404);
    }
  }

  @Test
  void ringJsonIsTheViewAsReadLastAndRunJsonIsMissingWithoutARun() throws Exception {
    AtomicInteger reads = new AtomicInteger();
    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0,
        () -> ring(reads.incrementAndGet()), Duration.ofMillis(100), Optional.empty())) {
      assertThat(get(server, "/ring.json").body()).startsWith("{\"bits\":6,\"time\":\"2026-11-29T12:00:00Z\",");
      org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5))
          .until(() -> get(server, "/ring.json").body().contains("\"id\":2,"));
      assertThat(get(server, "/run.json").statusCode()).isEqualTo(404);
      assertThat(get(server, "/ring.json").headers().firstValue("Cache-Control")).contains("no-store");
    }
  }

  @Test
  void runJsonIsTheRunsProgress() throws Exception {
    RunProgress progress = new RunProgress();
    progress.started("run-1", "rounds", 3);
    progress.submitted(1, List.of("a", "b"));
    progress.finished(1, 2);
    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, () -> ring(1),
        Duration.ofSeconds(1), Optional.of(progress::view))) {
      assertThat(get(server, "/run.json").body()).isEqualTo("{\"runId\":\"run-1\",\"mode\":\"rounds\",\"rounds\":3,"
          + "\"round\":1,\"files\":2,\"filesDone\":1,\"state\":\"running\",\"message\":\"\",\"curve\":[]}");
    }
  }

  /** The status line's code of a GET sent with the given Host header, over a plain socket. */
  private static int statusWithHost(WatchServer server, String path, String host) throws Exception {
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
          .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
      String status = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
          java.nio.charset.StandardCharsets.US_ASCII)).readLine();
      return Integer.parseInt(status.split(" ")[1]);
    }
  }

  @Test
  void aRequestForAnotherDomainIsRefusedOnEveryPath() throws Exception {
    try (WatchServer server = WatchServer.start(InetAddress.getLoopbackAddress(), 0, () -> ring(1),
        Duration.ofSeconds(1), Optional.empty())) {
      for (String path : List.of("/", "/watch.js", "/ring.json", "/run.json")) {
        assertThat(statusWithHost(server, path, "rebound.attacker.example:" + server.port())).as(path).isEqualTo(421);
      }
      assertThat(statusWithHost(server, "/ring.json", "127.0.0.1:" + server.port())).isEqualTo(200);
      assertThat(statusWithHost(server, "/ring.json", "localhost:" + server.port())).isEqualTo(200);
    }
  }
}
