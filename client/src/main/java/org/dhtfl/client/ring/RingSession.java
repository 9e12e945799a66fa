package org.dhtfl.client.ring;

import java.io.PrintStream;
import java.util.List;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;

/**
 * The client's hold on the ring for one run: the ring walked from the entry node (and printed),
 * its identifier space, the entry node with the members to fail over to, and the kept-open
 * connections to the owners of the files' keys.
 */
public final class RingSession implements AutoCloseable {

  private final IdSpace space;
  private final EntryNode entry;
  private final OwnerCache owners;

  private RingSession(IdSpace space, EntryNode entry, OwnerCache owners) {
    this.space = space;
    this.entry = entry;
    this.owners = owners;
  }

  /** Walks the ring from {@code entry}, prints who is in it, and opens the session. */
  public static RingSession open(NodeRef entry, RpcSettings rpc, PrintStream out) throws RemoteException {
    List<RingState> ring = RingWalk.walk(entry, rpc);
    IdSpace space = new IdSpace(ring.get(0).bits());
    out.printf("Connected to node %d at %s%n", entry.id(), entry.address());
    RingWalk.print(out, ring);
    EntryNode node = new EntryNode(RingWalk.members(entry, ring), rpc);
    return new RingSession(space, node, new OwnerCache(node, rpc, space));
  }

  public IdSpace space() {
    return space;
  }

  public EntryNode entry() {
    return entry;
  }

  public OwnerCache owners() {
    return owners;
  }

  @Override
  public void close() {
    owners.close();
    entry.close();
  }
}
