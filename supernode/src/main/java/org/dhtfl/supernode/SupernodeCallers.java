package org.dhtfl.supernode;

import java.net.InetAddress;
import java.util.Optional;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.rpc.methods.MethodGuard;
import org.dhtfl.rpc.methods.SupernodeMethods;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Supernode;
import org.dhtfl.thrift.supernodeConstants;
import org.slf4j.LoggerFactory;

/**
 * The supernode's handler behind the caller rules of {@link SupernodeMethods}, with what the rules
 * need from the supernode: which node a membership call names, and on which host it serves.
 */
final class SupernodeCallers implements MethodGuard.Facts {

  private final Admission admission;
  private final Membership membership;

  private SupernodeCallers(Admission admission, Membership membership) {
    this.admission = admission;
    this.membership = membership;
  }

  static Supernode.Iface guard(SupernodeHandler handler) {
    return MethodGuard.guard(Supernode.Iface.class, SupernodeMethods.TABLE, handler,
        new SupernodeCallers(handler.admission(), handler.membership()), LoggerFactory.getLogger("dhtfl.supernode"));
  }

  /**
   * A join or a renewal names the node the admission list puts on its port (on the caller's host);
   * a confirmation or a removal, the member or joiner with its ID.
   */
  @Override
  public Optional<PeerIdentity.Address> named(String method, Object[] args) {
    return switch (method) {
      case "request_join", "join_ring" -> listed((Integer) args[0]);
      case "renew" -> Optional.ofNullable((org.dhtfl.thrift.NodeRef) args[0]).flatMap(n -> listed(n.getPort()));
      case "confirm_join", "remove_join" -> membership.find((Integer) args[0])
          .map(n -> new PeerIdentity.Address(n.host(), n.port()));
      default -> Optional.empty();
    };
  }

  private Optional<PeerIdentity.Address> listed(int port) {
    return admission.listed(port).map(e -> new PeerIdentity.Address(e.host(), port));
  }

  /** True when the caller connects from the member's host (two addresses of this machine count as one). */
  @Override
  public boolean onHostOf(PeerIdentity.Address node, InetAddress peer) {
    try {
      InetAddress address = InetAddress.getByName(node.host());
      return address.equals(peer) || AdmissionList.isLocal(address) && AdmissionList.isLocal(peer);
    } catch (java.net.UnknownHostException e) {
      return false;
    }
  }

  /** A refused join: the reference's answer fields, JOIN_REFUSED and the reason. */
  @Override
  public Object refusedAnswer(String method, String reason) {
    JoinResponse response = SupernodeHandler.joinResponse(membership);
    response.setId(supernodeConstants.JOIN_REFUSED);
    response.setReason(reason);
    return response;
  }
}
