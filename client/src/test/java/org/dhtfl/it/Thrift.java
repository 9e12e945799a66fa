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
}
