package org.dhtfl.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.prometheus.metrics.core.metrics.Counter;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class MetricsTest {

  private static HttpResponse<String> get(int port, String accept) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Accept", accept).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aProgramsMetricsHoldTheJvmsHeap() {
    Metrics metrics = Metrics.withJvm();

    assertThat(metrics.text()).contains("jvm_memory_used_bytes{area=\"heap\"}");
  }

  @Test
  void theServerAnswersInTheTextFormatWhatTheRegistryHolds() throws Exception {
    Metrics metrics = Metrics.unexposed();
    Counter.builder().name("test_events_total").help("events").register(metrics.registry()).inc(3);

    try (MetricsServer server = metrics.serve(InetAddress.getLoopbackAddress(), 0)) {
      HttpResponse<String> response = get(server.port(), "text/plain");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
      assertThat(response.body()).contains("# TYPE test_events_total counter").contains("test_events_total 3.0");
    }
  }

  @Test
  void aScraperAskingForOpenMetricsGetsOpenMetrics() throws Exception {
    Metrics metrics = Metrics.unexposed();
    Counter.builder().name("test_events_total").help("events").register(metrics.registry()).inc();

    try (MetricsServer server = metrics.serve(InetAddress.getLoopbackAddress(), 0)) {
      HttpResponse<String> response = get(server.port(), "application/openmetrics-text; version=1.0.0");

      assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/openmetrics-text");
      assertThat(response.body()).contains("test_events_total 1.0").endsWith("# EOF\n");
    }
  }

  @Test
  void aScraperAskingForProtobufGetsTextSinceTheProtobufWriterIsLeftOut() throws Exception {
    Metrics metrics = Metrics.unexposed();
    Counter.builder().name("test_events_total").help("events").register(metrics.registry()).inc();

    try (MetricsServer server = metrics.serve(InetAddress.getLoopbackAddress(), 0)) {
      HttpResponse<String> response = get(server.port(),
          "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,"
              + "text/plain;version=0.0.4;q=0.3");

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.body()).contains("test_events_total 1.0");
    }
  }
}
