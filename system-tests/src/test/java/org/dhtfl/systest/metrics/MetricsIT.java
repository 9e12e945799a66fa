package org.dhtfl.systest.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * Every program's --metrics-port, as Prometheus scrapes it during a federated run: a supernode,
 * three nodes and a client of three rounds on generated data. Each /metrics parses with the
 * Prometheus parser, follows the naming conventions (help on every family, counters in _total,
 * durations in seconds), and the counters move as the run goes: the nodes' stabilization rounds,
 * calls and trained jobs, the client's files and rounds. Every metric the Grafana dashboard in
 * reports/ queries is among those served.
 */
class MetricsIT {

  private static final int FILES = 6;
  private static final int ROUNDS = 3;

  @Test
  void everyProgramServesMetricsWhoseCountersMoveAsTheRunGoes() throws Exception {
    PrometheusText prometheus = PrometheusText.parser();
    try (LocalCluster cluster = LocalCluster.onFreePorts(Path.of("target", "it", "metrics"), 3)) {
      List<Integer> ports = LocalCluster.freePorts(6);
      int supernodePort = ports.get(0);
      List<Integer> nodePorts = ports.subList(1, 4);
      int clientPort = ports.get(4);
      Path data = cluster.generateData(FILES, 300);
      cluster.startSupernode("--metrics-port", String.valueOf(supernodePort));
      for (int i = 0; i < 3; i++) {
        cluster.startNode(cluster.nodePorts().get(i), data.resolve("letters"), "--metrics-port",
            String.valueOf(nodePorts.get(i)));
      }
      await("three confirmed members").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
          .until(() -> prometheus.parse(PrometheusText.fetch(supernodePort)).value("dhtfl_supernode_members") == 3);

      List<String> before = fetchAll(supernodePort, nodePorts);
      cluster.start("client", LocalCluster.jar("client"), List.of("127.0.0.1", String.valueOf(cluster.supernodePort()),
          "--data-dir", data.resolve("letters").toString(), "--validate", data.resolve("validate_letters.txt").toString(),
          "--rounds", String.valueOf(ROUNDS), "--epochs", "100", "--out", cluster.dir().resolve("run").toString(),
          "--metrics-port", String.valueOf(clientPort), "--http", String.valueOf(ports.get(5))));
      List<String> clientTexts = new ArrayList<>();
      await("the client's run ends").atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(50)).until(() -> {
        try {
          clientTexts.add(PrometheusText.fetch(clientPort));
        } catch (java.io.IOException notYet) {
          return false;
        }
        return cluster.log("client").contains("goes on watching the ring");
      });
      clientTexts.add(PrometheusText.fetch(clientPort));
      List<String> after = fetchAll(supernodePort, nodePorts);

      List<String> texts = new ArrayList<>(before);
      texts.addAll(after);
      texts.addAll(clientTexts);
      List<PrometheusText.Scrape> parsed = prometheus.parse(texts);
      parsed.forEach(MetricsIT::followsTheConventions);
      List<PrometheusText.Scrape> first = parsed.subList(0, 4);
      List<PrometheusText.Scrape> last = parsed.subList(4, 8);
      List<PrometheusText.Scrape> client = parsed.subList(8, parsed.size());

      PrometheusText.Scrape supernode = last.get(0);
      assertThat(supernode.value("dhtfl_supernode_joins_total")).isEqualTo(3);
      assertThat(supernode.value("dhtfl_supernode_members")).isEqualTo(3);
      assertThat(supernode.value("dhtfl_supernode_join_refusals_total", Map.of("reason", "not_listed"))).isZero();
      assertThat(supernode.value("dhtfl_rpc_server_calls_total", Map.of("method", "join_ring"))).isGreaterThanOrEqualTo(3);
      assertThat(supernode.value("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();

      double trained = 0;
      double lookups = 0;
      for (int i = 1; i <= 3; i++) {
        PrometheusText.Scrape was = first.get(i);
        PrometheusText.Scrape now = last.get(i);
        assertThat(now.value("dhtfl_chord_known_nodes")).isEqualTo(3);
        assertThat(now.value("dhtfl_chord_successor_list_length")).isEqualTo(2);
        assertThat(now.value("dhtfl_chord_stabilize_rounds_total"))
            .isGreaterThan(was.value("dhtfl_chord_stabilize_rounds_total"));
        assertThat(now.sum("dhtfl_rpc_server_calls_total")).isGreaterThan(was.sum("dhtfl_rpc_server_calls_total"));
        lookups += now.value("dhtfl_chord_lookup_hops_count") - was.value("dhtfl_chord_lookup_hops_count");
        assertThat(now.value("dhtfl_rpc_server_connections_total")).isPositive();
        assertThat(now.value("jvm_memory_used_bytes", Map.of("area", "heap"))).isPositive();
        assertThat(now.value("dhtfl_jobs_queued") + now.value("dhtfl_jobs_running")).isZero();
        trained += now.sum("dhtfl_jobs_finished_total");
        assertThat(now.value("dhtfl_training_duration_seconds_count"))
            .isEqualTo(now.value("dhtfl_jobs_finished_total", Map.of("status", "done")));
      }
      assertThat(trained).as("every file trained once a round").isEqualTo(FILES * ROUNDS);
      assertThat(lookups).as("the client finds the files' owners through a node").isPositive();

      List<Double> filesDone = client.stream().map(s -> s.value("dhtfl_client_files_done_total")).toList();
      assertThat(filesDone).as("files done, scrape by scrape").isSorted();
      assertThat(filesDone).as("a scrape during the run").anyMatch(v -> v > 0 && v < FILES * ROUNDS);
      PrometheusText.Scrape end = client.get(client.size() - 1);
      assertThat(end.value("dhtfl_client_files_done_total")).isEqualTo(FILES * ROUNDS);
      assertThat(end.value("dhtfl_client_rounds_finished_total")).isEqualTo(ROUNDS);
      assertThat(end.value("dhtfl_client_round")).isEqualTo(ROUNDS);
      assertThat(end.value("dhtfl_client_round_duration_seconds_count")).isEqualTo(ROUNDS);
      assertThat(end.value("dhtfl_client_validation_error_ratio")).isBetween(0.0, 0.9);

      Set<String> exported = parsed.stream().flatMap(p -> p.samples().stream()).map(PrometheusText.Sample::name)
          .collect(Collectors.toSet());
      assertThat(dashboardMetrics()).as("metrics the Grafana dashboard shows").isSubsetOf(exported);
    }
  }

  /** The dhtfl metrics that reports/grafana-dashboard.json queries. */
  private static Set<String> dashboardMetrics() throws Exception {
    String dashboard = Files.readString(LocalCluster.project().resolve("reports/grafana-dashboard.json"));
    Set<String> names = new TreeSet<>();
    Matcher m = Pattern.compile("\\b(dhtfl_[a-z_]+|jvm_memory_used_bytes)\\b").matcher(dashboard);
    while (m.find()) {
      names.add(m.group(1));
    }
    assertThat(names).hasSizeGreaterThan(20);
    return names;
  }

  private static List<String> fetchAll(int supernodePort, List<Integer> nodePorts) throws Exception {
    List<String> texts = new ArrayList<>();
    texts.add(PrometheusText.fetch(supernodePort));
    for (int port : nodePorts) {
      texts.add(PrometheusText.fetch(port));
    }
    return texts;
  }

  /** Help on every family, counters' samples in _total, durations in seconds, names in snake case. */
  private static void followsTheConventions(PrometheusText.Scrape scrape) {
    assertThat(scrape.samples()).isNotEmpty();
    for (PrometheusText.Sample s : scrape.samples()) {
      assertThat(s.name()).matches("[a-z_][a-z0-9_]*");
      if (!s.family().startsWith("dhtfl_")) {
        continue;
      }
      assertThat(s.help()).as("help of %s", s.family()).isNotBlank();
      if (s.type().equals("counter")) {
        assertThat(s.name()).as("counter sample").matches(".*_(total|created)");
      }
      if (s.family().contains("duration")) {
        assertThat(s.family()).as("a duration's unit").endsWith("_seconds");
      }
    }
  }
}
