package org.dhtfl.supernode;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.dhtfl.metrics.Metrics;

/** The supernode's metrics: joins, refusals by reason, leases that expired, leaves and members. */
public final class SupernodeMetrics {

  /** Why a join request was turned away: the values of the refusals' reason label. */
  public enum Refusal {
    /** The port is not a TCP port. */
    PORT_OUT_OF_RANGE,
    /** The admission list has no entry for the port. */
    NOT_LISTED,
    /** The port is listed for another address. */
    WRONG_HOST,
    /** Another node is joining (the reference's NACK -1): the node asks again. */
    BUSY,
    /** Every identifier is taken (NACK -2). */
    FULL,
    /** A node of the reference system (it asked with request_join, not join_ring): NACK -2 with the reason. */
    REFERENCE_NODE;

    String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final Counter joins;
  private final Counter refusals;
  private final Counter expiries;
  private final Counter leaves;

  private SupernodeMetrics(PrometheusRegistry registry, Membership membership) {
    joins = Counter.builder().name("dhtfl_supernode_joins_total").help("Joins confirmed by the joining node")
        .register(registry);
    refusals = Counter.builder().name("dhtfl_supernode_join_refusals_total")
        .help("Join requests turned away, by reason").labelNames("reason").register(registry);
    for (Refusal reason : Refusal.values()) {
      refusals.labelValues(reason.label());
    }
    expiries = Counter.builder().name("dhtfl_supernode_lease_expiries_total")
        .help("Joins whose lease ran out before the joiner confirmed").register(registry);
    leaves = Counter.builder().name("dhtfl_supernode_leaves_total").help("Members that left (remove_join)")
        .register(registry);
    GaugeWithCallback.builder().name("dhtfl_supernode_members").help("Confirmed members of the ring")
        .callback(cb -> cb.call(membership.members().size())).register(registry);
  }

  /** The supernode's metrics of {@code membership}, registered in the program's metrics. */
  public static SupernodeMetrics in(Metrics metrics, Membership membership) {
    return new SupernodeMetrics(metrics.registry(), membership);
  }

  void joined() {
    joins.inc();
  }

  void refused(Refusal reason) {
    refusals.labelValues(reason.label()).inc();
  }

  void leaseExpired() {
    expiries.inc();
  }

  void left() {
    leaves.inc();
  }
}
