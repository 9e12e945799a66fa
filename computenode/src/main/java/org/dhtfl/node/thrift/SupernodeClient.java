package org.dhtfl.node.thrift;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.JoinException;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.supernodeConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's calls to its supernode: admission, the member list, confirmation, addresses and
 * leaving. Each is one call; waiting and asking again is the caller's.
 */
public final class SupernodeClient {

  /** The supernode's answer to a join request that it may grant later. */
  public sealed interface JoinAnswer {
  }

  /** What the supernode admitted this node as. */
  public record Admission(NodeRef self, int bits, int membersBefore, Optional<NodeRef> entry) implements JoinAnswer {
  }

  /** Not now (another node is joining, or the supernode has just started): ask again; the reason says why. */
  public record Busy(String reason) implements JoinAnswer {
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final String host;
  private final int port;
  private final RpcSettings settings;

  public SupernodeClient(String host, int port, RpcSettings settings) {
    this.host = host;
    this.port = NodeRef.checkPort(port);
    this.settings = settings;
  }

  /** The supernode's address, as "host:port". */
  public String address() {
    return host + ":" + port;
  }

  /**
   * One join request for {@code nodePort} (join_ring, dhtfl's request_join): the admission, or busy
   * (ask again later) with the supernode's reason.
   *
   * @throws JoinException when the supernode will not admit this node (a full ring, a refusal),
   *     with its reason; asking again would not change its answer
   * @throws RemoteException when the supernode could not be asked (see its kind)
   */
  public JoinAnswer requestJoin(int nodePort) throws JoinException, RemoteException {
    JoinResponse response = Rpc.supernode(host, port, settings, c -> c.join_ring(nodePort));
    return switch (response.getId()) {
      case supernodeConstants.JOIN_BUSY -> new Busy(reason(response, "another node is joining"));
      case supernodeConstants.JOIN_FULL -> throw new JoinException("the ring is full: "
          + reason(response, "no free identifier"));
      case supernodeConstants.JOIN_REFUSED -> throw new JoinException("the supernode refused port " + nodePort
          + ": " + reason(response, "no reason given"));
      default -> {
        if (response.getId() < 0) {
          throw new JoinException("the supernode answered " + response.getId() + ": " + reason(response, ""));
        }
        yield admission(response, nodePort);
      }
    };
  }

  private Admission admission(JoinResponse response, int nodePort) {
    String self = response.isSetNode() ? response.getNode().getHost() : host;
    return new Admission(new NodeRef(response.getId(), self, nodePort), response.isSetBits() ? response.getBits() : 6,
        response.getNo_of_nodes(), response.isSetEntry() ? Optional.of(Convert.fromThrift(response.getEntry()))
            : Optional.empty());
  }

  private static String reason(JoinResponse response, String fallback) {
    return response.isSetReason() ? response.getReason() : fallback;
  }

  /** The confirmed members, in ID order. */
  public List<NodeRef> members() throws RemoteException {
    return Rpc.supernode(host, port, settings, c -> Convert.fromThrift(c.get_members()));
  }

  /** confirm_join; a supernode that does not confirm (its lease expired) or does not answer is logged. */
  public void confirm(NodeRef self) {
    try {
      if (!Rpc.supernode(host, port, settings, c -> c.confirm_join(self.id()))) {
        LOG.warn("the supernode did not confirm node {} (its join lease may have expired); the ring has it",
            self.id());
      }
    } catch (RemoteException e) {
      LOG.warn("could not confirm the join with the supernode: {}", e.getMessage());
    }
  }

  /** The address of a member, the reference's way (get_compute_node_address). */
  public Optional<NodeRef> addressOf(int id) {
    try {
      String address = Rpc.supernode(host, port, settings, c -> c.get_compute_node_address(id));
      int colon = address.lastIndexOf(':');
      return Optional.of(new NodeRef(id, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
    } catch (RemoteException | RuntimeException e) {
      return Optional.empty();
    }
  }

  /**
   * renew: this node's heartbeat, with short time-outs so that a supernode that is down costs little.
   *
   * @return how long the supernode asks the node to wait before the next renewal
   * @throws RemoteException when the supernode could not be asked or refused (see its kind)
   */
  public Duration renew(NodeRef self) throws RemoteException {
    RpcSettings quick = settings.withConnectTimeoutMs(Math.min(settings.connectTimeoutMs(), 1_000))
        .withCallTimeoutMs(Math.min(settings.callTimeoutMs(), 2_000));
    long millis = Rpc.supernode(host, port, quick, c -> c.renew(Convert.toThrift(self)));
    return Duration.ofMillis(millis);
  }

  /** remove_join: the supernode forgets a node that leaves. */
  public void leave(NodeRef self) {
    try {
      Rpc.supernode(host, port, settings.withCallTimeoutMs(2_000), c -> {
        c.remove_join(self.id());
        return null;
      });
    } catch (RemoteException e) {
      LOG.warn("could not tell the supernode that node {} left: {}", self.id(), e.getMessage());
    }
  }
}
