package org.dhtfl.supernode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;

/**
 * Who is in the ring as far as the supernode knows, and the one join in progress. A join holds a
 * lease: if the joiner does not confirm in time, the next joiner may go ahead, so a node that
 * crashed while joining cannot block the ring.
 *
 * <p>What survives a restart: the members the supernode had (restored from its file) and those
 * that renew (a heartbeat from a member it forgot makes it a member again). Until the grace period
 * after the start is over, no joiner is told that it is the first while no member is known, so
 * that the members of a ring the supernode forgot have time to renew. A member that neither
 * renews nor answers a health check for the drop time is dropped. Every change of the members is
 * passed to a listener (the file), under the lock, so changes reach it in order. Time comes from
 * the given clock.
 */
public final class Membership {

  /** Without a given drop time: the default of the supernode program (5 heartbeats of 2 s). */
  static final Duration DEFAULT_DROP_AFTER = Duration.ofSeconds(10);

  /**
   * How long an address told to wait keeps its place without asking again: longer than a node's
   * longest pause between two requests while another joins (2 s and up to half of it as jitter).
   */
  static final Duration WAITER_PATIENCE = Duration.ofSeconds(5);

  /**
   * How long things last.
   *
   * @param lease how long a joiner has to confirm
   * @param grace after the start, how long no joiner is told it is the first while no member is known
   * @param dropAfter how long a member may go without a heartbeat or an answered health check
   */
  public record Timing(Duration lease, Duration grace, Duration dropAfter) {
    public Timing {
      if (lease.isNegative() || lease.isZero()) {
        throw new IllegalArgumentException("join lease " + lease + " must be positive");
      }
      if (grace.isNegative()) {
        throw new IllegalArgumentException("grace period " + grace + " must not be negative");
      }
      if (dropAfter.isNegative() || dropAfter.isZero()) {
        throw new IllegalArgumentException("drop time " + dropAfter + " must be positive");
      }
    }
  }

  /** The answer to a join request. */
  public sealed interface Decision {
    /** Go ahead as {@code node}; {@code entry} is a member to join through (none for the first node). */
    record Admitted(NodeRef node, int membersBefore, Optional<NodeRef> entry) implements Decision {
    }

    /** Another node is joining; ask again. */
    record Busy(NodeRef joining, long retryAfterMillis) implements Decision {
    }

    /** The slot is free, but another address has waited longer for it; ask again. */
    record Queued(String waitingLonger) implements Decision {
    }

    /** Every identifier is taken. */
    record Full(int members) implements Decision {
    }

    /** No member is known yet and the grace period after the start runs for this long still; ask again. */
    record Recovering(long graceLeftMillis) implements Decision {
    }
  }

  /** The answer to a renewal. */
  public sealed interface Renewal {
    /** A member the supernode knew (or the node joining now, which is a member once it confirms). */
    record Renewed() implements Renewal {
    }

    /** A node the supernode did not know is a member again (the supernode forgot it). */
    record Relearned() implements Renewal {
    }

    /** Another node holds the ID (a member, or the node joining now). */
    record Conflict(NodeRef holder) implements Renewal {
    }

    /** The address is a member under another ID, which it keeps. */
    record Moved(NodeRef admitted) implements Renewal {
    }
  }

  private final IdSpace space;
  private final Timing timing;
  private final LongSupplier clock;
  private final Random random;
  private final Consumer<List<NodeRef>> onChange;

  // Guarded by this.
  private final TreeMap<Integer, NodeRef> members = new TreeMap<>();
  private final Map<Integer, Long> lastSeen = new HashMap<>();
  private final Set<Integer> unreachable = new HashSet<>();
  // Each member's first successor, as the last health check read it (absent when not known).
  private final Map<Integer, Integer> successorOf = new HashMap<>();
  // The IDs of members confirmed or heard from since the start: each keeps its ID.
  private final Set<Integer> heard = new HashSet<>();
  // Addresses ("host:port") told to wait for the join slot, in the order they first asked, with when
  // they last asked; the free slot goes to the first of them that still asks.
  private final LinkedHashMap<String, Long> waiting = new LinkedHashMap<>();
  private NodeRef pending;
  private long pendingDeadline;
  private NodeRef expired;
  private long graceEnd;

  /** No grace period, nothing restored, no listener; members are dropped after {@link #DEFAULT_DROP_AFTER}. */
  public Membership(IdSpace space, Duration lease, LongSupplier clockMillis, Random random) {
    this(space, new Timing(lease, Duration.ZERO, DEFAULT_DROP_AFTER), clockMillis, random, List.of(), members -> {
    });
  }

  /**
   * @param restored the members read back at start; each counts as seen now
   * @param onChange told the members after every change, in order
   */
  public Membership(IdSpace space, Timing timing, LongSupplier clockMillis, Random random, List<NodeRef> restored,
      Consumer<List<NodeRef>> onChange) {
    this.space = Objects.requireNonNull(space, "space");
    this.timing = Objects.requireNonNull(timing, "timing");
    this.clock = Objects.requireNonNull(clockMillis, "clock");
    this.random = Objects.requireNonNull(random, "random");
    this.onChange = Objects.requireNonNull(onChange, "listener");
    long now = clock.getAsLong();
    for (NodeRef node : restored) {
      space.check(node.id(), "restored node id");
      if (members.putIfAbsent(node.id(), node) != null) {
        throw new IllegalArgumentException("two restored members have id " + node.id());
      }
      lastSeen.put(node.id(), now);
    }
    this.graceEnd = now + timing.grace().toMillis();
  }

  public IdSpace space() {
    return space;
  }

  public long leaseMillis() {
    return timing.lease().toMillis();
  }

  public Timing timing() {
    return timing;
  }

  /**
   * A listed node at host:port asks to join. Its ID is SHA-1 of the port mod 2^m, or on a
   * collision the next free ID clockwise; a node re-joining from the same address gets its old ID.
   *
   * <p>The join slot belongs to an address, not to a caller: a request for the address that holds
   * it is answered with the same admission and the same lease, so whoever serves at the address and
   * confirms is the member, and a process asking in its name cannot keep the node itself out. While
   * the slot is held, other addresses wait in the order they first asked; a free slot goes to the
   * one that has waited longest (a waiter that stopped asking for {@link #WAITER_PATIENCE} is
   * forgotten), so no address holds the slot for more than one lease while others wait.
   */
  public synchronized Decision requestJoin(String host, int port) {
    expireLease();
    long now = clock.getAsLong();
    String address = host + ":" + port;
    waiting.values().removeIf(lastAsked -> now - lastAsked >= WAITER_PATIENCE.toMillis());
    if (pending != null) {
      if (pending.host().equals(host) && pending.port() == port) {
        return admitted(pending);
      }
      waiting.put(address, now);
      return new Decision.Busy(pending, Math.max(1, pendingDeadline - now));
    }
    if (members.isEmpty() && graceLeftMillis() > 0) {
      return new Decision.Recovering(graceLeftMillis());
    }
    String first = waiting.isEmpty() ? address : waiting.keySet().iterator().next();
    if (!first.equals(address)) {
      waiting.put(address, now);
      return new Decision.Queued(first);
    }
    waiting.remove(address);
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
    pendingDeadline = clock.getAsLong() + leaseMillis();
    return admitted(pending);
  }

  // Requires the lock.
  private Decision admitted(NodeRef joiner) {
    boolean rejoin = members.values().stream().anyMatch(n -> n.host().equals(joiner.host()) && n.port() == joiner.port());
    int before = members.size() - (rejoin ? 1 : 0);
    return new Decision.Admitted(joiner, before, randomMember(Optional.of(joiner)));
  }

  /** The joiner finished joining; false when it is not the pending joiner or its lease ran out. */
  public synchronized boolean confirm(int id) {
    expireLease();
    if (pending == null || pending.id() != id) {
      return false;
    }
    add(pending);
    pending = null;
    changed();
    return true;
  }

  /**
   * The node says it is alive (its heartbeat, or its answer to the supernode looking for members it
   * forgot). A member is seen now; a node the supernode does not know becomes a member again, in
   * place of an older entry for its address, unless another node holds its ID.
   */
  public synchronized Renewal renew(NodeRef node) {
    space.check(node.id(), "node id");
    expireLease();
    NodeRef holder = members.get(node.id());
    if (holder != null && holder.sameAs(node)) {
      seen(node.id());
      return new Renewal.Renewed();
    }
    if (holder != null) {
      return new Renewal.Conflict(holder);
    }
    Optional<NodeRef> admitted = members.values().stream()
        .filter(n -> n.host().equals(node.host()) && n.port() == node.port() && heard.contains(n.id())).findFirst();
    if (admitted.isPresent()) {
      return new Renewal.Moved(admitted.get());
    }
    if (pending != null && pending.id() == node.id()) {
      // The joiner itself: it becomes a member when it confirms, once it is in the ring.
      return pending.sameAs(node) ? new Renewal.Renewed() : new Renewal.Conflict(pending);
    }
    add(node);
    changed();
    return new Renewal.Relearned();
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
    lastSeen.remove(id);
    heard.remove(id);
    boolean removed = members.remove(id) != null;
    if (removed) {
      changed();
    }
    return removed;
  }

  /**
   * True when no node is joining and the supernode may not know every live member: it knows none, or
   * the grace period after its start still runs (members it forgot may not have renewed yet).
   */
  public synchronized boolean mayHaveForgotten() {
    expireLease();
    return pending == null && (members.isEmpty() || graceLeftMillis() > 0);
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

  /**
   * A random confirmed member that answered the last health check and is in the ring most members
   * are in (any member if none is).
   */
  public synchronized Optional<NodeRef> randomMember() {
    return randomMember(Optional.empty());
  }

  /** The result of a health check: a member that answers counts as seen now. */
  public synchronized void markReachable(int id, boolean reachable) {
    if (!members.containsKey(id)) {
      return;
    }
    if (reachable) {
      unreachable.remove(id);
      seen(id);
    } else {
      unreachable.add(id);
    }
  }

  /**
   * The member's first successor as the health check read it, or none when it could not be read;
   * a member whose successors lead into another ring than most members' is handed out no more.
   */
  public synchronized void markSuccessor(int id, Optional<Integer> successor) {
    if (!members.containsKey(id)) {
      return;
    }
    successor.ifPresentOrElse(s -> successorOf.put(id, s), () -> successorOf.remove(id));
  }

  /** The members whose successors lead into another ring than most members' (after a partition), by ID. */
  public synchronized Set<Integer> outsideMainRing() {
    successorOf.keySet().retainAll(members.keySet());
    return RingViews.outsideMainRing(successorOf);
  }

  /** Drops the members that neither renewed nor answered a health check for the drop time; returns them. */
  public synchronized List<NodeRef> dropSilent() {
    long now = clock.getAsLong();
    List<NodeRef> dropped = new ArrayList<>();
    for (NodeRef member : members.values()) {
      if (now - lastSeen.getOrDefault(member.id(), now) >= timing.dropAfter().toMillis()) {
        dropped.add(member);
      }
    }
    for (NodeRef member : dropped) {
      members.remove(member.id());
      lastSeen.remove(member.id());
      heard.remove(member.id());
      unreachable.remove(member.id());
    }
    if (!dropped.isEmpty()) {
      changed();
    }
    return dropped;
  }

  /** How long the grace period after the start still runs; 0 once it is over. */
  public synchronized long graceLeftMillis() {
    return Math.max(0, graceEnd - clock.getAsLong());
  }

  /** Ends the grace period now: there is evidence that no ring is left to wait for. */
  public synchronized void endGrace() {
    graceEnd = Math.min(graceEnd, clock.getAsLong());
  }

  // Requires the lock.
  private void add(NodeRef node) {
    members.values().removeIf(n -> {
      boolean sameAddress = n.host().equals(node.host()) && n.port() == node.port();
      if (sameAddress) {
        lastSeen.remove(n.id());
        heard.remove(n.id());
        unreachable.remove(n.id());
      }
      return sameAddress;
    });
    members.put(node.id(), node);
    unreachable.remove(node.id());
    seen(node.id());
  }

  // Requires the lock.
  private void seen(int id) {
    lastSeen.put(id, clock.getAsLong());
    heard.add(id);
  }

  // Requires the lock.
  private void changed() {
    onChange.accept(List.copyOf(members.values()));
  }

  // Requires the lock.
  private Optional<NodeRef> randomMember(Optional<NodeRef> except) {
    List<NodeRef> candidates = new ArrayList<>();
    Set<Integer> elsewhere = outsideMainRing();
    for (NodeRef n : members.values()) {
      if (!unreachable.contains(n.id()) && !elsewhere.contains(n.id()) && except.map(e -> !n.sameAs(e)).orElse(true)) {
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
