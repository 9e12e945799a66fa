package org.dhtfl.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class NodeMetricsTest {

  private static final NodeRef N6 = new NodeRef(6, "127.0.0.1", 5003);
  private static final NodeRef N19 = new NodeRef(19, "127.0.0.1", 5001);
  private static final NodeRef N51 = new NodeRef(51, "127.0.0.1", 5002);

  private static double sample(Metrics metrics, String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics.text());
    assertThat(m.find()).as("a sample " + series + " in\n" + metrics.text()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void stabilizationRoundsFailuresLookupsAndHopsAreCounted() {
    Metrics metrics = Metrics.unexposed();
    NodeMetrics node = new NodeMetrics(metrics);

    node.stabilized(false);
    node.stabilized(true);
    node.lookedUp(0);
    node.lookedUp(3);
    node.lookupFailed();

    assertThat(sample(metrics, "dhtfl_chord_stabilize_rounds_total")).isEqualTo(2);
    assertThat(sample(metrics, "dhtfl_chord_stabilize_failures_total")).isEqualTo(1);
    assertThat(sample(metrics, "dhtfl_chord_lookups_total{outcome=\"found\"}")).isEqualTo(2);
    assertThat(sample(metrics, "dhtfl_chord_lookups_total{outcome=\"failed\"}")).isEqualTo(1);
    assertThat(sample(metrics, "dhtfl_chord_lookup_hops_count")).isEqualTo(2);
    assertThat(sample(metrics, "dhtfl_chord_lookup_hops_sum")).isEqualTo(3);
    assertThat(sample(metrics, "dhtfl_chord_lookup_hops_bucket{le=\"0.0\"}")).isEqualTo(1);
  }

  @Test
  void theRingAsTheNodeKnowsItCountsEachNodeOnce() {
    RingState state = new RingState(N19, Optional.of(N6), List.of(N51, N6),
        List.of(N51, N51, N51, N51, N51, N51), 6);

    assertThat(NodeMetrics.known(state)).isEqualTo(3);
  }
}
