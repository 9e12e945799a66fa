package org.dhtfl.client;

import org.apache.thrift.TException;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/** Finds the member the client enters the ring through. */
final class Entry {

  private Entry() {
  }

  /**
   * The node at {@code address} ("host:port") when given, else the random member the supernode
   * offers with get_node.
   */
  static NodeRef find(String supernodeHost, int supernodePort, String address, RpcSettings settings)
      throws TException {
    if (address != null) {
      int colon = address.lastIndexOf(':');
      String host;
      int port;
      try {
        host = address.substring(0, colon);
        port = NodeRef.checkPort(Long.parseLong(address.substring(colon + 1)));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new TException("--entry '" + address + "' is not host:port");
      }
      org.dhtfl.thrift.NodeRef self = Rpc.computeNode(host, port, settings, c -> c.ping());
      return new NodeRef(self.getId(), host, port);
    }
    String answer = Rpc.supernode(supernodeHost, supernodePort, settings, c -> c.get_node());
    String[] parts = answer.split(":");
    if (parts.length != 3) {
      throw new TException("the supernode has no member to offer: " + answer);
    }
    try {
      return new NodeRef(Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new TException("the supernode answered '" + answer + "': " + e.getMessage());
    }
  }
}
