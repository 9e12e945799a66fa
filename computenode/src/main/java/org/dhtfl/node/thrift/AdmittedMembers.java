package org.dhtfl.node.thrift;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;

/**
 * The members the supernode admitted, as this node last heard them: ring pointers (notify,
 * update_finger, leaving) are adopted only for them, and ring-internal calls are taken only from
 * their hosts. A node not known yet is looked up again at the supernode, at most once a second;
 * while the supernode is away, the members heard last still count.
 */
public final class AdmittedMembers {

  /** Asks the supernode for its members. */
  @FunctionalInterface
  public interface Source {
    List<NodeRef> members() throws RemoteException;
  }

  private static final long REFRESH_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Source source;
  private final LongSupplier nanoTime;
  private volatile List<NodeRef> members = List.of();
  private volatile Set<InetAddress> hosts = Set.of();
  private long lastAsked = Long.MIN_VALUE;

  public AdmittedMembers(Source source) {
    this(source, System::nanoTime);
  }

  AdmittedMembers(Source source, LongSupplier nanoTime) {
    this.source = Objects.requireNonNull(source, "source");
    this.nanoTime = nanoTime;
  }

  /** True when the supernode admitted this very node: its ID at its address. */
  public boolean admits(NodeRef node) {
    return knows(node) || refreshed() && knows(node);
  }

  /** True when a member serves from this host (a node's calls come from the host it serves on). */
  public boolean isMemberHost(InetAddress host) {
    return hosts.contains(host) || refreshed() && hosts.contains(host);
  }

  private boolean knows(NodeRef node) {
    return members.stream().anyMatch(m -> m.sameAs(node));
  }

  /** Asks the supernode again unless it was asked within the last second; true when it answered. */
  private synchronized boolean refreshed() {
    long now = nanoTime.getAsLong();
    if (lastAsked != Long.MIN_VALUE && now - lastAsked < REFRESH_NANOS) {
      return false;
    }
    lastAsked = now;
    try {
      List<NodeRef> fresh = List.copyOf(source.members());
      members = fresh;
      hosts = fresh.stream().map(AdmittedMembers::address).filter(Objects::nonNull).collect(Collectors.toSet());
      return true;
    } catch (RemoteException e) {
      return false;
    }
  }

  private static InetAddress address(NodeRef node) {
    try {
      return InetAddress.getByName(node.host());
    } catch (UnknownHostException e) {
      return null;
    }
  }
}
