package org.dhtfl.systest.metrics;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Reads /metrics the way Prometheus does: the text is parsed by the Prometheus project's own
 * parser (prometheus_client.parser of its Python client library; the Java client library writes
 * the format but has no parser). Skipped when no python3 has the module (Debian:
 * python3-prometheus-client), unless the environment sets DHTFL_REQUIRE_PYTHON.
 */
final class PrometheusText {

  /** One sample: its family, the family's type and help, its own name (with _total, _bucket ...), labels and value. */
  record Sample(String family, String type, String help, String name, Map<String, String> labels, double value) {
  }

  /** One parsed scrape. */
  record Scrape(List<Sample> samples) {

    /** The value of the sample with this name and these labels (among others); fails when there is none. */
    double value(String name, Map<String, String> labels) {
      return samples.stream().filter(s -> s.name().equals(name))
          .filter(s -> s.labels().entrySet().containsAll(labels.entrySet())).mapToDouble(Sample::value).findFirst()
          .orElseThrow(() -> new AssertionError("no sample " + name + labels));
    }

    double value(String name) {
      return value(name, Map.of());
    }

    /** The sum of every sample with this name, whatever its labels; 0 when there is none. */
    double sum(String name) {
      return samples.stream().filter(s -> s.name().equals(name)).mapToDouble(Sample::value).sum();
    }
  }

  private static final String PARSER = String.join("\n",
      "import json, sys",
      "from prometheus_client.parser import text_string_to_metric_families",
      "out = []",
      "for text in json.load(sys.stdin):",
      "    samples = []",
      "    for family in text_string_to_metric_families(text):",
      "        for s in family.samples:",
      "            samples.append({'family': family.name, 'type': family.type, 'help': family.documentation,",
      "                            'name': s.name, 'labels': s.labels, 'value': s.value})",
      "    out.append(samples)",
      "json.dump(out, sys.stdout)");

  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final String python;

  private PrometheusText(String python) {
    this.python = python;
  }

  /** The parser; skips or fails the test when no python3 has it. */
  static PrometheusText parser() {
    Optional<String> python = Stream.of("python3", "/usr/bin/python3")
        .filter(p -> succeeds(List.of(p, "-c", "import prometheus_client.parser"))).findFirst();
    String message = "the metrics test parses with python3's prometheus_client (Debian: python3-prometheus-client)";
    if (python.isEmpty() && System.getenv("DHTFL_REQUIRE_PYTHON") != null) {
      Assertions.fail(message + ", which is missing, and DHTFL_REQUIRE_PYTHON is set");
    }
    Assumptions.assumeTrue(python.isPresent(), message + ", which is missing");
    return new PrometheusText(python.get());
  }

  /** GET http://127.0.0.1:port/metrics: the raw text. */
  static String fetch(int port) throws IOException, InterruptedException {
    HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (response.statusCode() != 200) {
      throw new IOException("GET /metrics on port " + port + " answered " + response.statusCode());
    }
    return response.body();
  }

  /** Parses the texts, in one run of the parser. */
  List<Scrape> parse(List<String> texts) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(python, "-c", PARSER).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    try {
      process.getOutputStream().write(JSON.writeValueAsBytes(texts));
      process.getOutputStream().close();
      byte[] out = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
        throw new IOException("the Prometheus parser failed on the scrapes");
      }
      List<List<Sample>> parsed = JSON.readValue(out, new TypeReference<List<List<Sample>>>() { });
      List<Scrape> scrapes = new ArrayList<>();
      parsed.forEach(samples -> scrapes.add(new Scrape(samples)));
      return scrapes;
    } finally {
      process.destroyForcibly();
    }
  }

  Scrape parse(String text) throws IOException, InterruptedException {
    return parse(List.of(text)).get(0);
  }

  private static boolean succeeds(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
