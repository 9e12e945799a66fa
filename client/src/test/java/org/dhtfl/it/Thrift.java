package org.dhtfl.it;

import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/** Short calls for the tests. */
final class Thrift {

  private Thrift() {
  }

  static RingState ringState(int port) throws RemoteException {
    org.dhtfl.thrift.RingState state = Rpc.computeNode("127.0.0.1", port, RpcSettings.DEFAULTS,
        c -> c.get_ring_state());
    return Convert.fromThrift(state);
  }

  /** Members met walking successors from the node at port back to it (at most 64 steps). */
  static int ringWalkSize(int port) throws RemoteException {
    RingState start = ringState(port);
    int members = 1;
    RingState at = start;
    while (members < 64) {
      org.dhtfl.ring.NodeRef next = at.successor();
      if (next.sameAs(start.self())) {
        return members;
      }
      at = ringState(next.port());
      members++;
    }
    return members;
  }
}
