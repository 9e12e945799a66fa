package org.dhtfl.systest.cluster;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/** Short calls for the tests. */
public final class Thrift {

  private Thrift() {
  }

  public static RingState ringState(int port) throws RemoteException {
    org.dhtfl.thrift.RingState state = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
        c -> c.get_ring_state());
    return Convert.fromThrift(state);
  }

  /** Members met walking successors from the node at port back to it (at most 64 steps). */
  public static int ringWalkSize(int port) throws RemoteException {
    return ringWalk(port).size();
  }

  /** The IDs met walking successors from the node at port back to it, in ring order (at most 64). */
  public static List<Integer> ringWalk(int port) throws RemoteException {
    RingState start = ringState(port);
    List<Integer> ids = new ArrayList<>(List.of(start.self().id()));
    RingState at = start;
    while (ids.size() < 64) {
      org.dhtfl.ring.NodeRef next = at.successor();
      if (next.sameAs(start.self())) {
        return ids;
      }
      at = ringState(next.port());
      ids.add(at.self().id());
    }
    return ids;
  }
}
