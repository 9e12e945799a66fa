package org.dhtfl.chord.sim;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.Peer;
import org.dhtfl.chord.PeerConnector;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.ring.NodeRef;

/**
 * A network of {@link ChordNode}s in one thread, without sockets: a call is a method call. Nodes
 * can crash, links can be cut, a node can be isolated, and a fraction of messages can be dropped
 * (with a seeded random source, so a run can be replayed).
 */
public final class InMemoryNetwork {

  private final Map<Integer, ChordNode> nodes = new HashMap<>();
  private final Set<Integer> crashed = new HashSet<>();
  private final Set<Long> cutLinks = new HashSet<>();
  private final Set<Integer> isolated = new HashSet<>();
  // While split: the nodes of one side; no message crosses between them and the rest.
  private Set<Integer> side;
  private final Map<Integer, java.util.function.UnaryOperator<RouteStep>> liars = new HashMap<>();
  private final Random random;
  private double dropRate;
  private long messages;

  public InMemoryNetwork(long seed) {
    this.random = new Random(seed);
  }

  /** The connector a node uses: every call it makes goes out from {@code caller}. */
  public PeerConnector from(NodeRef caller) {
    return target -> new SimPeer(caller.id(), target);
  }

  public void add(ChordNode node) {
    nodes.put(node.self().id(), node);
    crashed.remove(node.self().id());
  }

  /** The node stops answering, at once and for good. */
  public void crash(int id) {
    crashed.add(id);
  }

  /** The node has left: it is gone from the network. */
  public void remove(int id) {
    nodes.remove(id);
    crashed.remove(id);
  }

  public void cut(int a, int b) {
    cutLinks.add(link(a, b));
  }

  public void heal(int a, int b) {
    cutLinks.remove(link(a, b));
  }

  /** The node answers every route step as {@code lie} makes of its true answer (a hostile peer). */
  public void lie(int id, java.util.function.UnaryOperator<RouteStep> lie) {
    liars.put(id, lie);
  }

  /** A partition: the nodes in {@code oneSide} and all others reach each other no more, until {@link #unsplit}. */
  public void split(Set<Integer> oneSide) {
    side = Set.copyOf(oneSide);
  }

  public void unsplit() {
    side = null;
  }

  public void isolate(int id) {
    isolated.add(id);
  }

  public void reconnect(int id) {
    isolated.remove(id);
  }

  /** Every message is lost with this probability. */
  public void dropRate(double rate) {
    if (rate < 0 || rate >= 1) {
      throw new IllegalArgumentException("drop rate " + rate + " out of range [0, 1)");
    }
    this.dropRate = rate;
  }

  public boolean isUp(int id) {
    return nodes.containsKey(id) && !crashed.contains(id);
  }

  /** Messages delivered so far. */
  public long messages() {
    return messages;
  }

  private static long link(int a, int b) {
    int lo = Math.min(a, b);
    int hi = Math.max(a, b);
    return (long) lo << 32 | hi;
  }

  private ChordNode reach(int from, NodeRef target) throws PeerException {
    ChordNode node = nodes.get(target.id());
    if (node == null || crashed.contains(target.id()) || !node.self().sameAs(target)) {
      throw new PeerException(target + " is down");
    }
    if (from != target.id() && (isolated.contains(from) || isolated.contains(target.id())
        || cutLinks.contains(link(from, target.id()))
        || side != null && side.contains(from) != side.contains(target.id()))) {
      throw new PeerException("no route from " + from + " to " + target);
    }
    if (dropRate > 0 && random.nextDouble() < dropRate) {
      throw new PeerException("message to " + target + " lost");
    }
    messages++;
    return node;
  }

  private final class SimPeer implements Peer {
    private final int from;
    private final NodeRef target;

    SimPeer(int from, NodeRef target) {
      this.from = from;
      this.target = target;
    }

    @Override
    public NodeRef ref() {
      return target;
    }

    @Override
    public NodeRef ping() throws PeerException {
      return reach(from, target).self();
    }

    @Override
    public RouteStep routeStep(int key) throws PeerException {
      RouteStep answer = reach(from, target).routeStep(key);
      return liars.getOrDefault(target.id(), java.util.function.UnaryOperator.identity()).apply(answer);
    }

    @Override
    public Lookup lookup(int key) throws PeerException, LookupFailedException {
      return reach(from, target).lookup(key);
    }

    @Override
    public Neighbours neighbours() throws PeerException {
      return reach(from, target).neighbours();
    }

    @Override
    public void notify(NodeRef candidate) throws PeerException {
      reach(from, target).notify(candidate);
    }

    @Override
    public void updateFinger(NodeRef node, int index) throws PeerException {
      reach(from, target).updateFinger(node, index);
    }

    @Override
    public void leaving(NodeRef leaver, Optional<NodeRef> predecessor, List<NodeRef> successors)
        throws PeerException {
      reach(from, target).leaving(leaver, predecessor, successors);
    }
  }
}
