package org.dhtfl.rpc.methods;

import java.util.Set;
import org.dhtfl.rpc.Callers;
import org.dhtfl.rpc.Role;

/**
 * Who may call a method, as {@link MethodGuard} enforces it before the handler runs. Roles are
 * read from the caller's TLS certificate; in plain mode there is none and only the host rules
 * apply (reports/design.md, "Trust").
 */
public enum CallerRule {
  /** Any caller: looking at the ring or the membership. */
  ANYONE(Callers.ANYONE, false, false, false),
  /** A node's or a client's certificate: files, jobs and their results. */
  NODE_OR_CLIENT(Callers.NODES_AND_CLIENTS, false, false, false),
  /** A node's certificate. */
  NODE(Callers.NODES, false, false, false),
  /** A node's certificate, from a host where an admitted member serves: ring pointers, copies, hand-overs. */
  MEMBER(Callers.NODES, true, false, false),
  /** As {@link #MEMBER}, and the certificate is that of the node the message names: a node offers only itself. */
  MEMBER_ITSELF(Callers.NODES, true, true, false),
  /** A node's certificate, that of the node the message names: a node joins and renews only as itself. */
  NODE_ITSELF(Callers.NODES, false, true, false),
  /** As {@link #NODE_ITSELF}, and from that node's host also without TLS: a node removes only its own membership. */
  NODE_ITSELF_ON_ITS_HOST(Callers.NODES, false, true, true);

  private final Set<Role> roles;
  private final boolean fromMemberHost;
  private final boolean onlyItself;
  private final boolean onItsHost;

  CallerRule(Set<Role> roles, boolean fromMemberHost, boolean onlyItself, boolean onItsHost) {
    this.roles = roles;
    this.fromMemberHost = fromMemberHost;
    this.onlyItself = onlyItself;
    this.onItsHost = onItsHost;
  }

  /** The certificate roles that may call. */
  public Set<Role> roles() {
    return roles;
  }

  /** Whether the caller must connect from a host where an admitted member serves. */
  public boolean fromMemberHost() {
    return fromMemberHost;
  }

  /** Whether a certificate must be that of the node the message names. */
  public boolean onlyItself() {
    return onlyItself;
  }

  /** Whether the caller must connect from the host of the node the message names. */
  public boolean onItsHost() {
    return onItsHost;
  }
}
