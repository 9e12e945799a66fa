package org.dhtfl.supernode;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.Callers;
import org.dhtfl.rpc.Convert;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Supernode;
import org.dhtfl.thrift.supernodeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The supernode's Thrift face: admission check, then the membership; every decision is logged. */
public final class SupernodeHandler implements Supernode.Iface {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  /** The heartbeat period a handler without one asks for. */
  static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(2);

  private final Supplier<AdmissionList> admission;
  private final Membership membership;
  private final ForgottenMembers forgotten;
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
    this.admission = admission;
    this.membership = membership;
    this.forgotten = forgotten;
    this.heartbeat = heartbeat;
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
   * The reference node's way in. Checked like {@link #join_ring} (port, admission list, TLS), then
   * refused with the reference's "network full" (-2) and no members counted, so that a reference
   * node builds a ring of its own and calls no member; the reason is in the optional field and in
   * the supernode's log.
   */
  @Override
  public JoinResponse request_join(int port) {
    return join("request_join", port, false);
  }

  /** A dhtfl node's request to join: the admission, a NACK or a refusal with its reason. */
  @Override
  public JoinResponse join_ring(int port) {
    return join("join_ring", port, true);
  }

  /**
   * @param method the call, for the TLS refusals
   * @param keepsRing whether the caller keeps dhtfl's ring protocol (it asked with join_ring)
   */
  private JoinResponse join(String method, int port, boolean keepsRing) {
    logExpired();
    InetAddress peer = CallContext.peer().orElse(InetAddress.getLoopbackAddress());
    JoinResponse response = new JoinResponse();
    response.setBits(membership.space().bits());
    response.setLease_ms(membership.leaseMillis());
    if (port < 1 || port > 65535) {
      LOG.warn("refused join from {}: port {} out of range 1..65535", peer.getHostAddress(), port);
      metrics.refused(SupernodeMetrics.Refusal.PORT_OUT_OF_RANGE);
      return refuse(response, "port " + port + " out of range 1..65535");
    }
    Optional<String> notANode = Callers.refusal(method, Callers.NODES);
    if (notANode.isPresent()) {
      LOG.warn("refused join from {}: {}", peer.getHostAddress(), notANode.get());
      return refuse(response, notANode.get());
    }
    AdmissionList list = admission.get();
    Optional<AdmissionList.Entry> entry = list.match(port, peer);
    if (entry.isEmpty()) {
      String reason = list.refusal(port, peer);
      LOG.warn("refused join from {}: {}", peer.getHostAddress(), reason);
      metrics.refused(list.entries().stream().anyMatch(e -> e.port() == port) ? SupernodeMetrics.Refusal.WRONG_HOST
          : SupernodeMetrics.Refusal.NOT_LISTED);
      return refuse(response, reason);
    }
    Optional<String> otherNode = Callers.refusalUnlessNode(method, entry.get().host(), port);
    if (otherNode.isPresent()) {
      LOG.warn("refused join from {}: {}", peer.getHostAddress(), otherNode.get());
      return refuse(response, otherNode.get());
    }
    if (!keepsRing) {
      String reason = referenceNodeRefusal(port);
      LOG.warn("refused the join of port {} from {}: {}", port, peer.getHostAddress(), reason);
      metrics.refused(SupernodeMetrics.Refusal.REFERENCE_NODE);
      response.setId(supernodeConstants.JOIN_FULL);
      response.setNo_of_nodes(0);
      response.setReason(reason);
      return response;
    }
    forgotten.search(list, entry.get());
    Membership.Decision decision = membership.requestJoin(entry.get().host(), port);
    if (decision instanceof Membership.Decision.Admitted admitted) {
      response.setId(admitted.node().id());
      response.setNo_of_nodes(admitted.membersBefore());
      response.setNode(Convert.toThrift(admitted.node()));
      admitted.entry().ifPresent(e -> response.setEntry(Convert.toThrift(e)));
      LOG.info("node {} may join (port {} hashes to {}); entry {}", admitted.node(), port,
          membership.space().idOfPort(port), admitted.entry().map(NodeRef::toString).orElse("none: first node"));
    } else if (decision instanceof Membership.Decision.Busy busy) {
      response.setId(supernodeConstants.JOIN_BUSY);
      response.setReason("node " + busy.joining() + " is joining; retry within " + busy.retryAfterMillis() + " ms");
      LOG.info("NACK to port {}: {}", port, response.getReason());
      metrics.refused(SupernodeMetrics.Refusal.BUSY);
    } else if (decision instanceof Membership.Decision.Full full) {
      response.setId(supernodeConstants.JOIN_FULL);
      response.setReason("all " + full.members() + " identifiers are taken");
      LOG.warn("NACK to port {}: {}", port, response.getReason());
      metrics.refused(SupernodeMetrics.Refusal.FULL);
    } else if (decision instanceof Membership.Decision.Recovering recovering) {
      response.setId(supernodeConstants.JOIN_BUSY);
      response.setReason("the supernode has just started and knows no member yet; it waits "
          + membership.timing().grace().toMillis() + " ms for the members of a ring it may have forgotten to renew; "
          + "retry within " + recovering.graceLeftMillis() + " ms");
      LOG.info("NACK to port {}: {}", port, response.getReason());
      metrics.refused(SupernodeMetrics.Refusal.BUSY);
    }
    return response;
  }

  /**
   * A member's heartbeat. The caller must be listed for the node's port; a node the supernode
   * forgot (a restart without its file) becomes a member again.
   */
  @Override
  public long renew(org.dhtfl.thrift.NodeRef node) throws InvalidRequest {
    InetAddress peer = CallContext.peer().orElse(InetAddress.getLoopbackAddress());
    if (node == null) {
      throw new InvalidRequest("renew without a node");
    }
    if (node.getPort() < 1 || node.getPort() > 65535) {
      throw new InvalidRequest("port " + node.getPort() + " out of range 1..65535");
    }
    if (!membership.space().contains(node.getId())) {
      throw new InvalidRequest("node id " + node.getId() + " out of range 0.." + (membership.space().size() - 1));
    }
    AdmissionList list = admission.get();
    Optional<AdmissionList.Entry> entry = list.match(node.getPort(), peer);
    if (entry.isEmpty()) {
      String reason = list.refusal(node.getPort(), peer);
      LOG.warn("renewal of node {} from {} refused: {}", node.getId(), peer.getHostAddress(), reason);
      throw new InvalidRequest(reason);
    }
    Optional<String> otherNode = Callers.refusalUnlessNode("renew", entry.get().host(), node.getPort());
    if (otherNode.isPresent()) {
      LOG.warn("renewal of node {} from {} refused: {}", node.getId(), peer.getHostAddress(), otherNode.get());
      throw new InvalidRequest(otherNode.get());
    }
    NodeRef member = new NodeRef(node.getId(), entry.get().host(), node.getPort());
    Membership.Renewal renewal = membership.renew(member);
    if (renewal instanceof Membership.Renewal.Conflict conflict) {
      String reason = "node id " + member.id() + " is held by node " + conflict.holder();
      LOG.warn("renewal of node {} refused: {}", member, reason);
      throw new InvalidRequest(reason);
    }
    if (renewal instanceof Membership.Renewal.Relearned) {
      LOG.info("node {} renewed its membership: a member again; members: {}", member, ids(membership.members()));
    }
    return heartbeat.toMillis();
  }

  @Override
  public boolean confirm_join(int nodeId) {
    logExpired();
    Optional<String> notTheNode = notTheNode("confirm_join", nodeId);
    if (notTheNode.isPresent()) {
      LOG.warn("confirm_join({}) refused: {}", nodeId, notTheNode.get());
      return false;
    }
    boolean confirmed = membership.confirm(nodeId);
    if (confirmed) {
      metrics.joined();
      LOG.info("node {} confirmed its join; members: {}", nodeId, ids(membership.members()));
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
      LOG.warn("get_compute_node_address({}) from {}: not a member", nodeId,
          CallContext.peer().map(InetAddress::getHostAddress).orElse("an unknown peer"));
      throw new InvalidRequest("node id " + nodeId + " is not a member");
    }
    return address.get();
  }

  @Override
  public void remove_join(int nodeId) {
    Optional<String> notTheNode = notTheNode("remove_join", nodeId);
    if (notTheNode.isPresent()) {
      LOG.warn("remove_join({}) refused: {}", nodeId, notTheNode.get());
      return;
    }
    Optional<NodeRef> member = membership.find(nodeId);
    Optional<InetAddress> peer = CallContext.peer();
    if (member.isPresent() && peer.isPresent() && !sameHost(member.get().host(), peer.get())) {
      LOG.warn("remove_join({}) from {} refused: only node {} itself may leave", nodeId, peer.get().getHostAddress(),
          member.get());
      return;
    }
    if (membership.remove(nodeId)) {
      metrics.left();
      LOG.info("node {} left; members: {}", nodeId, ids(membership.members()));
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

  /**
   * Why the caller may not make a call about node {@code nodeId}, if it may not: with TLS, only the
   * node's own certificate may (and only node certificates, whether or not the node is known).
   */
  private Optional<String> notTheNode(String method, int nodeId) {
    Optional<NodeRef> node = membership.find(nodeId);
    return node.isPresent() ? Callers.refusalUnlessNode(method, node.get().host(), node.get().port())
        : Callers.refusal(method, Callers.NODES);
  }

  /** True when the caller connects from the member's host (two addresses of this machine count as one). */
  private static boolean sameHost(String host, InetAddress peer) {
    try {
      InetAddress address = InetAddress.getByName(host);
      return address.equals(peer) || AdmissionList.isLocal(address) && AdmissionList.isLocal(peer);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  private static JoinResponse refuse(JoinResponse response, String reason) {
    response.setId(supernodeConstants.JOIN_REFUSED);
    response.setReason(reason);
    return response;
  }

  /** Logs and counts a join whose lease ran out; the health check calls it too, so no request need come. */
  void logExpired() {
    membership.takeExpired().ifPresent(n -> {
      metrics.leaseExpired();
      LOG.warn("the join of node {} expired: it did not confirm within {} ms", n, membership.leaseMillis());
    });
  }

  private static List<Integer> ids(List<NodeRef> nodes) {
    return nodes.stream().map(NodeRef::id).toList();
  }
}
