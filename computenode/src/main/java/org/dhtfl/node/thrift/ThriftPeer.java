package org.dhtfl.node.thrift;

import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.Peer;
import org.dhtfl.chord.PeerConnector;
import org.dhtfl.chord.PeerException;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.NodeConnections;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Leaving;

/** A ring member reached over Thrift, over the node's kept connections, every call bounded in time. */
public final class ThriftPeer implements Peer {

  private final NodeRef ref;
  private final NodeConnections connections;

  public ThriftPeer(NodeRef ref, NodeConnections connections) {
    this.ref = ref;
    this.connections = connections;
  }

  /** The connector the Chord protocol of a running node uses. */
  public static PeerConnector connector(NodeConnections connections) {
    return ref -> new ThriftPeer(ref, connections);
  }

  @Override
  public NodeRef ref() {
    return ref;
  }

  @Override
  public NodeRef ping() throws PeerException {
    NodeRef answer = call("ping", c -> Convert.fromThrift(c.ping()));
    if (!answer.sameAs(ref)) {
      throw new PeerException(ref.address() + " now serves node " + answer + ", not " + ref);
    }
    return answer;
  }

  @Override
  public RouteStep routeStep(int key) throws PeerException {
    return call("route_step", c -> ChordWire.fromThrift(c.route_step(key)));
  }

  @Override
  public Lookup lookup(int key) throws PeerException, LookupFailedException {
    try {
      return callOrUnavailable("lookup", c -> ChordWire.fromThrift(key, ref, c.lookup(key)));
    } catch (RemoteLookupFailed e) {
      throw new LookupFailedException(e.getMessage());
    }
  }

  @Override
  public Neighbours neighbours() throws PeerException {
    return call("get_neighbours", c -> ChordWire.fromThrift(c.get_neighbours()));
  }

  @Override
  public void notify(NodeRef candidate) throws PeerException {
    call("notify", c -> {
      c.notify(Convert.toThrift(candidate));
      return null;
    });
  }

  @Override
  public void updateFinger(NodeRef node, int index) throws PeerException {
    call("update_finger", c -> {
      c.update_finger(Convert.toThrift(node), index);
      return null;
    });
  }

  @Override
  public void leaving(NodeRef leaver, Optional<NodeRef> predecessor, List<NodeRef> successors) throws PeerException {
    Leaving leaving = new Leaving(Convert.toThrift(leaver), Convert.toThrift(successors));
    predecessor.ifPresent(p -> leaving.setPredecessor(Convert.toThrift(p)));
    call("leaving", c -> {
      c.leaving(leaving);
      return null;
    });
  }

  /** A remote lookup that ran but found no live way to the owner. */
  private static final class RemoteLookupFailed extends Exception {
    private static final long serialVersionUID = 1L;

    RemoteLookupFailed(String message) {
      super(message, null, false, false);
    }
  }

  private <R> R call(String method, Rpc.Call<ComputeNode.Client, R> call) throws PeerException {
    try {
      return callOrUnavailable(method, call);
    } catch (RemoteLookupFailed e) {
      throw new PeerException(method + " on " + ref + ": " + e.getMessage(), e);
    }
  }

  /** The call; an Unavailable answer (the peer's own lookup failed) comes back as RemoteLookupFailed. */
  private <R> R callOrUnavailable(String method, Rpc.Call<ComputeNode.Client, R> call)
      throws PeerException, RemoteLookupFailed {
    try {
      return connections.call(ref, call);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.UNAVAILABLE) {
        throw new RemoteLookupFailed(e.getMessage());
      }
      throw new PeerException(method + " on " + ref + ": " + e.getMessage(), e);
    }
  }
}
