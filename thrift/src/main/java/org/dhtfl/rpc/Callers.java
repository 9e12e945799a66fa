package org.dhtfl.rpc;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Who may call what, by the role the caller's certificate names ({@link CallContext#identity()}).
 * Without TLS there is no identity and every check lets the call go on: plain mode trusts the
 * network, and the handlers' own checks of hosts and admitted members apply.
 */
public final class Callers {

  /** Calls for every party: looking at the ring. */
  public static final Set<Role> ANYONE = EnumSet.allOf(Role.class);
  /** Calls for nodes and clients: files, jobs and their results. */
  public static final Set<Role> NODES_AND_CLIENTS = EnumSet.of(Role.NODE, Role.CLIENT);
  /** Calls only a node makes: ring pointers, hand-overs, copies, membership. */
  public static final Set<Role> NODES = EnumSet.of(Role.NODE);

  private Callers() {
  }

  /** Why the caller may not call {@code method}, or empty when it may: its role is one of {@code allowed}. */
  public static Optional<String> refusal(String method, Set<Role> allowed) {
    return CallContext.identity().filter(id -> !allowed.contains(id.role()))
        .map(id -> method + " is refused to a " + id.role() + " certificate: it is for "
            + allowed.stream().map(Role::word).collect(Collectors.joining(" and ")) + " certificates");
  }

  /**
   * Why the caller may not call {@code method} about the node serving on {@code host} and {@code port},
   * or empty when it may: only that node's own certificate may.
   */
  public static Optional<String> refusalUnlessNode(String method, String host, int port) {
    Optional<String> notNode = refusal(method, NODES);
    if (notNode.isPresent()) {
      return notNode;
    }
    return CallContext.identity().filter(id -> !id.isNode(host, port))
        .map(id -> method + " about the node at " + host + ":" + port + " is refused to the "
            + id + " certificate: only that node itself may make it");
  }
}
