package org.dhtfl.supernode;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Supernode;
import org.dhtfl.thrift.supernodeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supernode's Thrift face: converts messages and delegates joins and renewals to the
 * {@link Admission} policy, the rest to the membership. Who may call what is checked before a
 * call gets here ({@link SupernodeCallers}).
 */
public final class SupernodeHandler implements Supernode.Iface {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  /** The heartbeat period a handler without one asks for. */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

  private final Admission admission;
  private final Membership membership;
  private final Duration heartbeat;
  private final SupernodeMetrics metrics;

  public SupernodeHandler(AdmissionList admission, Membership membership) {
    this(() -> admission, membership);
  }

  /** @param admission the admission list as it is at each request */
  public SupernodeHandler(Supplier<AdmissionList> admission, Membership membership) {
    this(admission, membership, SupernodeMetrics.in(Metrics.unexposed(), membership));
  }

  /** @param metrics counts the decisions */
  public SupernodeHandler(Supplier<AdmissionList> admission, Membership membership, SupernodeMetrics metrics) {
    this(admission, membership, ForgottenMembers.none(membership), DEFAULT_HEARTBEAT, metrics);
  }

  /**
   * @param forgotten looks for the members of a forgotten ring before a joiner could be told it is the first
   * @param heartbeat how often members are asked to renew
   */
  SupernodeHandler(Supplier<AdmissionList> admission, Membership membership, ForgottenMembers forgotten,
      Duration heartbeat) {
    this(admission, membership, forgotten, heartbeat, SupernodeMetrics.in(Metrics.unexposed(), membership));
  }

  /** The supernode's handler with all its parts; {@code metrics} counts the decisions. */
  SupernodeHandler(Supplier<AdmissionList> admission, Membership membership, ForgottenMembers forgotten,
      Duration heartbeat, SupernodeMetrics metrics) {
    this.admission = new Admission(admission, membership, forgotten, metrics);
    this.membership = membership;
    this.heartbeat = heartbeat;
    this.metrics = metrics;
  }

  /**
   * The reference node's way in. Checked like {@link #join_ring} (port, admission list, TLS), then
   * refused with the reference's "network full" (-2) and no members counted, so that a reference
   * node builds a ring of its own and calls no member; the reason is in the optional field and in
   * the supernode's log.
   */
  @Override
  public JoinResponse request_join(int port) {
    return toThrift(admission.join(port, false));
  }

  /** A dhtfl node's request to join: the admission, a NACK or a refusal with its reason. */
  @Override
  public JoinResponse join_ring(int port) {
    return toThrift(admission.join(port, true));
  }

  private JoinResponse toThrift(Admission.Join join) {
    JoinResponse response = joinResponse(membership);
    if (join instanceof Admission.Join.Admitted admitted) {
      response.setId(admitted.node().id());
      response.setNo_of_nodes(admitted.membersBefore());
      response.setNode(Convert.toThrift(admitted.node()));
      admitted.entry().ifPresent(e -> response.setEntry(Convert.toThrift(e)));
      return response;
    }
    if (join instanceof Admission.Join.Retry retry) {
      response.setId(supernodeConstants.JOIN_BUSY);
      response.setReason(retry.reason());
    } else if (join instanceof Admission.Join.Full full) {
      response.setId(supernodeConstants.JOIN_FULL);
      response.setNo_of_nodes(0);
      response.setReason(full.reason());
    } else if (join instanceof Admission.Join.Refused refused) {
      response.setId(supernodeConstants.JOIN_REFUSED);
      response.setReason(refused.reason());
    }
    return response;
  }

  /** A join's answer before its decision: the ring's bits and the joiner's lease. */
  static JoinResponse joinResponse(Membership membership) {
    JoinResponse response = new JoinResponse();
    response.setBits(membership.space().bits());
    response.setLease_ms(membership.leaseMillis());
    return response;
  }

  /**
   * A member's heartbeat. The caller must be listed for the node's port; a node the supernode
   * forgot (a restart without its file) becomes a member again.
   */
  @Override
  public long renew(org.dhtfl.thrift.NodeRef node) throws InvalidRequest {
    if (node == null) {
      throw new InvalidRequest("renew without a node");
    }
    try {
      admission.renew(node.getId(), node.getPort());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(e.getMessage());
    }
    return heartbeat.toMillis();
  }

  @Override
  public boolean confirm_join(int nodeId) {
    admission.logExpired();
    boolean confirmed = membership.confirm(nodeId);
    if (confirmed) {
      metrics.joined();
      LOG.info("node {} confirmed its join; members: {}", nodeId, Admission.ids(membership.members()));
    } else {
      LOG.warn("confirm_join({}) refused: it is not the node joining now", nodeId);
    }
    return confirmed;
  }

  /** A random member as "id:ip:port"; the reference's "Error: No active nodes" when there is none. */
  @Override
  public String get_node() {
    return membership.randomMember().map(n -> n.id() + ":" + n.host() + ":" + n.port())
        .orElse("Error: No active nodes");
  }

  @Override
  public String get_compute_node_address(int nodeId) throws InvalidRequest {
    Optional<String> address = membership.find(nodeId).map(NodeRef::address);
    if (address.isEmpty()) {
      throw new InvalidRequest("node id " + nodeId + " is not a member");
    }
    return address.get();
  }

  @Override
  public void remove_join(int nodeId) {
    if (membership.remove(nodeId)) {
      metrics.left();
      LOG.info("node {} left; members: {}", nodeId, Admission.ids(membership.members()));
    } else {
      LOG.warn("remove_join({}): not a member", nodeId);
    }
  }

  @Override
  public List<org.dhtfl.thrift.NodeRef> get_members() {
    return Convert.toThrift(membership.members());
  }

  @Override
  public int get_bits() {
    return membership.space().bits();
  }

  /** Logs and counts a join whose lease ran out; the health check calls it too, so no request need come. */
  void logExpired() {
    admission.logExpired();
  }

  Admission admission() {
    return admission;
  }

  Membership membership() {
    return membership;
  }
}
