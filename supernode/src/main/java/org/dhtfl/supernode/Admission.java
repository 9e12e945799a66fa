package org.dhtfl.supernode;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.CallContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a node may join or renew its membership: its port and the caller's host against the
 * admission list, then the membership's one join at a time (reports/design.md, "Joining"). Every
 * decision is logged and counted here; the handler only puts the answer on the wire.
 */
final class Admission {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  /** The answer to a join. */
  sealed interface Join {
    /** The node may join, through {@code entry} (none: it is the first node). */
    record Admitted(NodeRef node, int membersBefore, Optional<NodeRef> entry) implements Join {
    }

    /** Not now: the node retries (the reference's NACK). */
    record Retry(String reason) implements Join {
    }

    /** Every identifier is taken, or the node is the reference's, which must build a ring of its own. */
    record Full(String reason) implements Join {
    }

    /** The node may not join at all. */
    record Refused(String reason) implements Join {
    }
  }

  private final Supplier<AdmissionList> admission;
  private final Membership membership;
  private final ForgottenMembers forgotten;
  private final SupernodeMetrics metrics;

  /** @param admission the admission list as it is at each request */
  Admission(Supplier<AdmissionList> admission, Membership membership, ForgottenMembers forgotten,
      SupernodeMetrics metrics) {
    this.admission = admission;
    this.membership = membership;
    this.forgotten = forgotten;
    this.metrics = metrics;
  }

  /**
   * Why a node that asks with the reference's request_join is refused, for the node's port: it
   * would be a member that the ring never reaches (reports/design.md, "Joining").
   */
  static String referenceNodeRefusal(int port) {
    return "port " + port + " asked to join with request_join, as a node of the reference system does: such a "
        + "node answers none of the calls that keep a dhtfl ring (ping, notify, stabilization, renew), so the "
        + "ring would never reach it while the supernode listed it; dhtfl nodes join with join_ring";
  }

  /**
   * The answer to a node on the caller's host asking to join on {@code port}.
   *
   * @param keepsRing whether the caller keeps dhtfl's ring protocol (it asked with join_ring); a
   *     reference node is checked as any other, then told the ring is full
   */
  Join join(int port, boolean keepsRing) {
    logExpired();
    InetAddress peer = peer();
    if (port < 1 || port > 65535) {
      LOG.warn("refused join from {}: port {} out of range 1..65535", peer.getHostAddress(), port);
      metrics.refused(SupernodeMetrics.Refusal.PORT_OUT_OF_RANGE);
      return new Join.Refused("port " + port + " out of range 1..65535");
    }
    AdmissionList list = admission.get();
    Optional<AdmissionList.Entry> entry = list.match(port, peer);
    if (entry.isEmpty()) {
      String reason = list.refusal(port, peer);
      LOG.warn("refused join from {}: {}", peer.getHostAddress(), reason);
      metrics.refused(list.entries().stream().anyMatch(e -> e.port() == port) ? SupernodeMetrics.Refusal.WRONG_HOST
          : SupernodeMetrics.Refusal.NOT_LISTED);
      return new Join.Refused(reason);
    }
    if (!keepsRing) {
      String reason = referenceNodeRefusal(port);
      LOG.warn("refused the join of port {} from {}: {}", port, peer.getHostAddress(), reason);
      metrics.refused(SupernodeMetrics.Refusal.REFERENCE_NODE);
      return new Join.Full(reason);
    }
    forgotten.search(list, entry.get());
    return decided(port, membership.requestJoin(entry.get().host(), port));
  }

  private Join decided(int port, Membership.Decision decision) {
    if (decision instanceof Membership.Decision.Admitted admitted) {
      LOG.info("node {} may join (port {} hashes to {}); entry {}", admitted.node(), port,
          membership.space().idOfPort(port), admitted.entry().map(NodeRef::toString).orElse("none: first node"));
      return new Join.Admitted(admitted.node(), admitted.membersBefore(), admitted.entry());
    }
    if (decision instanceof Membership.Decision.Busy busy) {
      String reason = "node " + busy.joining() + " is joining; retry within " + busy.retryAfterMillis() + " ms";
      LOG.info("NACK to port {}: {}", port, reason);
      metrics.refused(SupernodeMetrics.Refusal.BUSY);
      return new Join.Retry(reason);
    }
    if (decision instanceof Membership.Decision.Full full) {
      String reason = "all " + full.members() + " identifiers are taken";
      LOG.warn("NACK to port {}: {}", port, reason);
      metrics.refused(SupernodeMetrics.Refusal.FULL);
      return new Join.Full(reason);
    }
    if (decision instanceof Membership.Decision.Queued queued) {
      String reason = queued.waitingLonger() + " has waited longer to join; retry";
      LOG.info("NACK to port {}: {}", port, reason);
      metrics.refused(SupernodeMetrics.Refusal.BUSY);
      return new Join.Retry(reason);
    }
    Membership.Decision.Recovering recovering = (Membership.Decision.Recovering) decision;
    String reason = "the supernode has just started and knows no member yet; it waits "
        + membership.timing().grace().toMillis() + " ms for the members of a ring it may have forgotten to renew; "
        + "retry within " + recovering.graceLeftMillis() + " ms";
    LOG.info("NACK to port {}: {}", port, reason);
    metrics.refused(SupernodeMetrics.Refusal.BUSY);
    return new Join.Retry(reason);
  }

  /**
   * A member's heartbeat: the member it renews, which must be listed for its port on the caller's
   * host; a node the supernode forgot (a restart without its file) becomes a member again. Fails
   * with IllegalArgumentException saying why it is refused.
   */
  NodeRef renew(int id, int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("port " + port + " out of range 1..65535");
    }
    if (!membership.space().contains(id)) {
      throw new IllegalArgumentException("node id " + id + " out of range 0.." + (membership.space().size() - 1));
    }
    AdmissionList list = admission.get();
    AdmissionList.Entry entry = list.match(port, peer())
        .orElseThrow(() -> new IllegalArgumentException(list.refusal(port, peer())));
    NodeRef member = new NodeRef(id, entry.host(), port);
    Membership.Renewal renewal = membership.renew(member);
    if (renewal instanceof Membership.Renewal.Conflict conflict) {
      throw new IllegalArgumentException("node id " + member.id() + " is held by node " + conflict.holder());
    }
    if (renewal instanceof Membership.Renewal.Moved moved) {
      throw new IllegalArgumentException("the node at " + member.address() + " is member " + moved.admitted().id()
          + " and keeps the id it was admitted with");
    }
    if (renewal instanceof Membership.Renewal.Relearned) {
      LOG.info("node {} renewed its membership: a member again; members: {}", member, ids(membership.members()));
    }
    return member;
  }

  /** Where the admission list puts a node asking from the caller's host on {@code port}, if anywhere. */
  Optional<AdmissionList.Entry> listed(int port) {
    return admission.get().match(port, peer());
  }

  /** Logs and counts a join whose lease ran out. */
  void logExpired() {
    membership.takeExpired().ifPresent(n -> {
      metrics.leaseExpired();
      LOG.warn("the join of node {} expired: it did not confirm within {} ms", n, membership.leaseMillis());
    });
  }

  static List<Integer> ids(List<NodeRef> nodes) {
    return nodes.stream().map(NodeRef::id).toList();
  }

  /** The caller's address; a call from no connection (a test's) counts as from this machine. */
  private static InetAddress peer() {
    return CallContext.peer().orElse(InetAddress.getLoopbackAddress());
  }
}
