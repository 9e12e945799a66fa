package org.dhtfl.node.thrift;

import java.net.InetAddress;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.rpc.methods.ComputeNodeMethods;
import org.dhtfl.rpc.methods.MethodGuard;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Leaving;
import org.slf4j.LoggerFactory;

/**
 * The node's handler behind the caller rules of {@link ComputeNodeMethods}, with what the rules
 * need from the node: which hosts its members serve from, and which node a ring message names.
 */
public final class NodeCallers implements MethodGuard.Facts {

  private final IntFunction<Optional<NodeRef>> directory;
  private final Predicate<InetAddress> memberHost;

  private NodeCallers(IntFunction<Optional<NodeRef>> directory, Predicate<InetAddress> memberHost) {
    this.directory = directory;
    this.memberHost = memberHost;
  }

  /**
   * @param directory finds a node's address from its ID, for set_predecessor, which names only an ID
   * @param memberHost whether a member serves from a host; ring-internal calls come only from those
   */
  public static ComputeNode.Iface guard(ComputeNodeHandler handler, IntFunction<Optional<NodeRef>> directory,
      Predicate<InetAddress> memberHost) {
    return MethodGuard.guard(ComputeNode.Iface.class, ComputeNodeMethods.TABLE, handler,
        new NodeCallers(directory, memberHost), LoggerFactory.getLogger("dhtfl.node"));
  }

  @Override
  public boolean memberHost(InetAddress host) {
    return memberHost.test(host);
  }

  /** set_predecessor, notify and leaving are about the node that sends them: the one they name. */
  @Override
  public Optional<PeerIdentity.Address> named(String method, Object[] args) {
    Optional<NodeRef> node = switch (method) {
      case "set_predecessor" -> directory.apply((Integer) args[0]);
      case "notify" -> Optional.of(Convert.fromThrift((org.dhtfl.thrift.NodeRef) args[0]));
      case "leaving" -> Optional.ofNullable((Leaving) args[0]).map(l -> Convert.fromThrift(l.getLeaver()));
      default -> Optional.empty();
    };
    return node.map(n -> new PeerIdentity.Address(n.host(), n.port()));
  }

  @Override
  public Object refusedAnswer(String method, String reason) {
    if (!method.equals("get_model")) {
      throw new IllegalStateException(method + " has no refusal answer; only get_model answers one");
    }
    return WireErrors.failed(reason);
  }
}
