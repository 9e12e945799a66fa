package org.dhtfl.supernode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;

/**
 * Who is in the ring as far as the supernode knows, and the one join in progress. A join holds a
 * lease: if the joiner does not confirm in time, the next joiner may go ahead, so a node that
 * crashed while joining cannot block the ring. Time comes from the given clock.
 */
public final class Membership {

  /** The answer to a join request. */
  public sealed interface Decision {
    /** Go ahead as {@code node}; {@code entry} is a member to join through (none for the first node). */
    record Admitted(NodeRef node, int membersBefore, Optional<NodeRef> entry) implements Decision {
    }

    /** Another node is joining; ask again. */
    record Busy(NodeRef joining, long retryAfterMillis) implements Decision {
    }

    /** Every identifier is taken. */
    record Full(int members) implements Decision {
    }
  }

  private final IdSpace space;
  private final long leaseMillis;
  private final LongSupplier clock;
  private final Random random;

  // Guarded by this.
  private final TreeMap<Integer, NodeRef> members = new TreeMap<>();
  private final Set<Integer> unreachable = new HashSet<>();
  private NodeRef pending;
  private long pendingDeadline;
  private NodeRef expired;

  public Membership(IdSpace space, Duration lease, LongSupplier clockMillis, Random random) {
    if (lease.isNegative() || lease.isZero()) {
      throw new IllegalArgumentException("join lease " + lease + " must be positive");
    }
    this.space = space;
    this.leaseMillis = lease.toMillis();
    this.clock = clockMillis;
    this.random = random;
  }

  public IdSpace space() {
    return space;
  }

  public long leaseMillis() {
    return leaseMillis;
  }

  /**
   * A listed node at host:port asks to join. Its ID is SHA-1 of the port mod 2^m, or on a
   * collision the next free ID clockwise; a node re-joining from the same address gets its old ID.
   */
  public synchronized Decision requestJoin(String host, int port) {
    expireLease();
    if (pending != null) {
      return new Decision.Busy(pending, Math.max(1, pendingDeadline - clock.getAsLong()));
    }
    Optional<NodeRef> previous = members.values().stream()
        .filter(n -> n.host().equals(host) && n.port() == port).findFirst();
    int id;
    if (previous.isPresent()) {
      id = previous.get().id();
    } else {
      if (members.size() >= space.size()) {
        return new Decision.Full(members.size());
      }
      id = space.idOfPort(port);
      while (members.containsKey(id)) {
        id = space.reduce(id + 1L);
      }
    }
    pending = new NodeRef(id, host, port);
    pendingDeadline = clock.getAsLong() + leaseMillis;
    int before = members.size() - (previous.isPresent() ? 1 : 0);
    Optional<NodeRef> entry = randomMember(Optional.of(pending));
    return new Decision.Admitted(pending, before, entry);
  }

  /** The joiner finished joining; false when it is not the pending joiner or its lease ran out. */
  public synchronized boolean confirm(int id) {
    expireLease();
    if (pending == null || pending.id() != id) {
      return false;
    }
    members.values().removeIf(n -> n.host().equals(pending.host()) && n.port() == pending.port());
    members.put(id, pending);
    unreachable.remove(id);
    pending = null;
    return true;
  }

  /** The join that expired since the last call, for logging; empty when none did. */
  public synchronized Optional<NodeRef> takeExpired() {
    expireLease();
    Optional<NodeRef> out = Optional.ofNullable(expired);
    expired = null;
    return out;
  }

  public synchronized boolean remove(int id) {
    unreachable.remove(id);
    return members.remove(id) != null;
  }

  /** Confirmed members in ID order. */
  public synchronized List<NodeRef> members() {
    return new ArrayList<>(members.values());
  }

  /** A confirmed member or the pending joiner with this ID. */
  public synchronized Optional<NodeRef> find(int id) {
    NodeRef member = members.get(id);
    if (member == null && pending != null && pending.id() == id) {
      member = pending;
    }
    return Optional.ofNullable(member);
  }

  /** A random confirmed member that answered the last health check (any member if none did). */
  public synchronized Optional<NodeRef> randomMember() {
    return randomMember(Optional.empty());
  }

  public synchronized void markReachable(int id, boolean reachable) {
    if (reachable) {
      unreachable.remove(id);
    } else if (members.containsKey(id)) {
      unreachable.add(id);
    }
  }

  // Requires the lock.
  private Optional<NodeRef> randomMember(Optional<NodeRef> except) {
    List<NodeRef> candidates = new ArrayList<>();
    for (NodeRef n : members.values()) {
      if (!unreachable.contains(n.id()) && except.map(e -> !n.sameAs(e)).orElse(true)) {
        candidates.add(n);
      }
    }
    if (candidates.isEmpty()) {
      members.values().stream().filter(n -> except.map(e -> !n.sameAs(e)).orElse(true)).forEach(candidates::add);
    }
    return candidates.isEmpty() ? Optional.empty() : Optional.of(candidates.get(random.nextInt(candidates.size())));
  }

  // Requires the lock.
  private void expireLease() {
    if (pending != null && clock.getAsLong() >= pendingDeadline) {
      expired = pending;
      pending = null;
    }
  }
}
