package org.dhtfl.node.thrift;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;

/**
 * The nodes the supernode admitted, as this node heard of them: ring pointers (notify,
 * update_finger, leaving) are adopted only for them, and ring-internal calls are taken only from
 * their hosts. A node not known yet is asked about at the supernode (a joiner is admitted before
 * it confirms its join), at most once a second per node; the confirmed members are heard again on
 * every maintenance tick, and while the supernode is away the nodes heard of before still count.
 */
public final class AdmittedMembers {

  /** What the supernode says. */
  public interface Source {
    /** Its confirmed members. */
    List<NodeRef> members() throws RemoteException;

    /** The member or joiner that holds the ID, if one does. */
    Optional<NodeRef> find(int id);
  }

  private static final long AGAIN_NANOS = TimeUnit.SECONDS.toNanos(1);

  private final Source source;
  private final LongSupplier nanoTime;
  private final Map<Integer, NodeRef> known = new ConcurrentHashMap<>();
  private final Set<InetAddress> hosts = ConcurrentHashMap.newKeySet();
  private final Map<Integer, Long> askedAbout = new HashMap<>();
  private volatile List<NodeRef> listed = List.of();

  public AdmittedMembers(Source source) {
    this(source, System::nanoTime);
  }

  AdmittedMembers(Source source, LongSupplier nanoTime) {
    this.source = Objects.requireNonNull(source, "source");
    this.nanoTime = nanoTime;
  }

  /** True when the supernode admitted this very node: its ID at its address. */
  public boolean admits(NodeRef node) {
    if (knows(node)) {
      return true;
    }
    if (!mayAsk(node.id())) {
      return false;
    }
    Optional<NodeRef> found = source.find(node.id());
    found.ifPresent(this::remember);
    return knows(node);
  }

  /**
   * Hears the supernode's confirmed members again (at most once a second), so that they count
   * while the supernode is away; the node calls it on its maintenance tick.
   */
  public void learn() {
    if (!mayAsk(Integer.MIN_VALUE)) {
      return;
    }
    try {
      List<NodeRef> members = source.members();
      members.forEach(this::remember);
      listed = List.copyOf(members);
    } catch (RemoteException e) {
      // The nodes heard of before still count.
    }
  }

  /**
   * The confirmed members as the supernode listed them when last heard (by {@link #learn()}), in
   * its order; empty before it answered once. Unlike the nodes that count as admitted, a member
   * the supernode dropped is not listed.
   */
  public List<NodeRef> listed() {
    return listed;
  }

  /** True when an admitted node serves from this host (a node's calls come from the host it serves on). */
  public boolean isMemberHost(InetAddress host) {
    if (hosts.contains(host)) {
      return true;
    }
    learn();
    return hosts.contains(host);
  }

  private boolean knows(NodeRef node) {
    NodeRef member = known.get(node.id());
    return member != null && member.sameAs(node);
  }

  private void remember(NodeRef node) {
    known.put(node.id(), node);
    try {
      hosts.add(InetAddress.getByName(node.host()));
    } catch (UnknownHostException e) {
      // A host that does not resolve sends no calls either.
    }
  }

  /** True, and noted, unless the supernode was asked about the same within the last second. */
  private synchronized boolean mayAsk(int what) {
    long now = nanoTime.getAsLong();
    Long last = askedAbout.get(what);
    if (last != null && now - last < AGAIN_NANOS) {
      return false;
    }
    askedAbout.put(what, now);
    return true;
  }
}
