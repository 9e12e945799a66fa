package org.dhtfl.client.ring;

import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/** Finds the member the client enters the ring through. */
public final class Entry {

  private Entry() {
  }

  /**
   * The node at {@code address} ("host:port", the --entry option) when given, else the random
   * member the supernode offers with get_node.
   *
   * @throws IllegalArgumentException when the address is not host:port
   */
  public static NodeRef find(String supernodeHost, int supernodePort, Optional<String> entry, RpcSettings settings)
      throws RemoteException {
    if (entry.isPresent()) {
      String address = entry.get();
      int colon = address.lastIndexOf(':');
      String host;
      int port;
      try {
        host = address.substring(0, colon);
        port = NodeRef.checkPort(Long.parseLong(address.substring(colon + 1)));
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("--entry '" + address + "' is not host:port");
      }
      return Rpc.computeNode(host, port, settings, c -> new NodeRef(c.ping().getId(), host, port));
    }
    String answer = Rpc.supernode(supernodeHost, supernodePort, settings, c -> c.get_node());
    String[] parts = answer.split(":");
    if (parts.length != 3) {
      throw new RemoteException(RemoteException.Kind.UNAVAILABLE, "the supernode has no member to offer: " + answer);
    }
    try {
      return new NodeRef(Integer.parseInt(parts[0]), parts[1], Integer.parseInt(parts[2]));
    } catch (IllegalArgumentException e) {
      throw new RemoteException(RemoteException.Kind.MALFORMED, "the supernode answered '" + answer + "': "
          + e.getMessage(), e);
    }
  }
}
