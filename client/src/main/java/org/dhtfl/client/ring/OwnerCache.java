package org.dhtfl.client.ring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  private final Map<Integer, NodeRef> ownerOfKey = new HashMap<>();
  private final Map<String, EntryNode> connections = new HashMap<>();

  OwnerCache(EntryNode entry, RpcSettings settings, IdSpace space) {
    this.entry = entry;
    this.settings = settings;
    this.space = space;
  }

  EntryNode entry() {
    return entry;
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
    connections.values().forEach(EntryNode::close);
    connections.clear();
  }

  @Override
  public void close() {
    clear();
  }
}
