package org.dhtfl.client.ring;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.ComputeNode;

/**
 * Calls for a file go straight to the owner of its key, found once through the entry node and
 * then remembered, over a connection kept open per owner. When an owner does not answer, the
 * call goes through the entry node instead (which routes it) and the owner is looked up again.
 * The ring's answers do not depend on this: any node routes a call to the owner; this only
 * spares the ring a lookup per call.
 */
public final class OwnerCache implements AutoCloseable {

  private final EntryNode entry;
  private final RpcSettings settings;
  private final IdSpace space;
  // Concurrent: OwnerCalls calls several nodes at once, each from a thread of its own.
  private final Map<Integer, NodeRef> ownerOfKey = new ConcurrentHashMap<>();
  private final Map<String, EntryNode> connections = new ConcurrentHashMap<>();
  /** Members that failed a call since the ring last changed: not guessed as owners. */
  private final Set<String> failed = ConcurrentHashMap.newKeySet();

  OwnerCache(EntryNode entry, RpcSettings settings, IdSpace space) {
    this.entry = entry;
    this.settings = settings;
    this.space = space;
  }

  EntryNode entry() {
    return entry;
  }

  RpcSettings settings() {
    return settings;
  }

  /** Runs the call at the owner of the file's key, or through the entry node when that fails. */
  <R> R call(String filename, Rpc.Call<ComputeNode.Client, R> call) throws RemoteException {
    int key = space.keyOf(filename);
    NodeRef owner = ownerOfKey.get(key);
    if (owner == null) {
      try {
        owner = entry.call(c -> Convert.fromThrift(c.lookup(key).getOwner()));
        ownerOfKey.put(key, owner);
      } catch (RemoteException e) {
        return entry.call(call);
      }
    }
    NodeRef known = owner;
    EntryNode connection = connections.computeIfAbsent(owner.address(),
        a -> new EntryNode(List.of(known), settings));
    try {
      return connection.call(call);
    } catch (RemoteException e) {
      forget(owner);
      return entry.call(call);
    }
  }

  /**
   * The node taken for the owner of the file's key: the one a lookup found, else the first member
   * the client knows (from its walk of the ring) at or after the key. A guess that the ring has
   * changed since answers "not owner", and the file's call goes the way of {@link #call}.
   */
  NodeRef ownerOf(String filename) {
    int key = space.keyOf(filename);
    NodeRef found = ownerOfKey.get(key);
    if (found != null) {
      return found;
    }
    NodeRef owner = entry.node();
    long best = Long.MAX_VALUE;
    for (NodeRef member : entry.candidates()) {
      long distance = space.distance(key, member.id());
      if (!failed.contains(member.address()) && distance < best) {
        best = distance;
        owner = member;
      }
    }
    return owner;
  }

  /**
   * Runs the call at the node, over the connection kept for it; a node that does not answer is forgotten.
   * Calls at different addresses may run at once: each connection serves one call at a time, and
   * {@link OwnerCalls} keeps one thread per address.
   */
  <R> R callAt(NodeRef node, Rpc.Call<ComputeNode.Client, R> call) throws RemoteException {
    EntryNode connection = connections.computeIfAbsent(node.address(), a -> new EntryNode(List.of(node), settings));
    try {
      return connection.call(call);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.UNREACHABLE) {
        forget(node);
        failed.add(node.address());
      }
      throw e;
    }
  }

  /** Forgets every key of a node that failed a call, and its connection. */
  void forget(NodeRef node) {
    ownerOfKey.values().removeIf(n -> n.sameAs(node));
    EntryNode connection = connections.remove(node.address());
    if (connection != null) {
      connection.close();
    }
  }

  /** Forgets every owner: the ring changed. */
  public void clear() {
    ownerOfKey.clear();
    failed.clear();
    connections.values().forEach(EntryNode::close);
    connections.clear();
  }

  @Override
  public void close() {
    clear();
  }
}
