package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.IdSpace;
import org.junit.jupiter.api.Test;

/** The supernode's decisions as its metrics count them, through its handler. */
class SupernodeMetricsTest {

  private static final long LEASE_MS = 10_000;

  private final AtomicLong now = new AtomicLong(5_000);
  private final Metrics metrics = Metrics.unexposed();

  private SupernodeHandler handler(int bits, String... admitted) throws IOException {
    Membership membership = new Membership(new IdSpace(bits), Duration.ofMillis(LEASE_MS), now::get, new Random(1));
    return new SupernodeHandler(() -> parse(admitted), membership, SupernodeMetrics.in(metrics, membership));
  }

  private static AdmissionList parse(String... lines) {
    try {
      return AdmissionList.parse("compute_node.txt", List.of(lines));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private double sample(String series) {
    Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(metrics.text());
    assertThat(m.find()).as("a sample " + series + " in\n" + metrics.text()).isTrue();
    return Double.parseDouble(m.group(1));
  }

  @Test
  void joinsLeavesAndMembersAreCounted() throws IOException {
    SupernodeHandler handler = handler(6, "127.0.0.1,5001", "127.0.0.1,5002");

    handler.confirm_join(handler.join_ring(5001).getId());
    handler.confirm_join(handler.join_ring(5002).getId());
    handler.remove_join(19);

    assertThat(sample("dhtfl_supernode_joins_total")).isEqualTo(2);
    assertThat(sample("dhtfl_supernode_leaves_total")).isEqualTo(1);
    assertThat(sample("dhtfl_supernode_members")).isEqualTo(1);
  }

  @Test
  void everyRefusalIsCountedUnderItsReason() throws IOException {
    SupernodeHandler handler = handler(3, "127.0.0.1,5001", "203.0.113.7,5002", "127.0.0.1,5003");

    handler.join_ring(70_000);
    handler.join_ring(6000);
    handler.join_ring(5002);
    handler.join_ring(5001);
    handler.join_ring(5003);
    handler.request_join(5003);

    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"port_out_of_range\"}")).isEqualTo(1);
    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"not_listed\"}")).isEqualTo(1);
    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"wrong_host\"}")).isEqualTo(1);
    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"busy\"}")).as("5001 is joining").isEqualTo(1);
    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"full\"}")).isZero();
    assertThat(sample("dhtfl_supernode_join_refusals_total{reason=\"reference_node\"}")).isEqualTo(1);
  }

  @Test
  void aLeaseThatRunsOutIsCountedOnceEvenWithoutAnotherRequest() throws IOException {
    SupernodeHandler handler = handler(6, "127.0.0.1,5001");
    handler.join_ring(5001);

    now.addAndGet(LEASE_MS);
    handler.logExpired();
    handler.logExpired();

    assertThat(sample("dhtfl_supernode_lease_expiries_total")).isEqualTo(1);
    assertThat(sample("dhtfl_supernode_members")).isZero();
  }
}
