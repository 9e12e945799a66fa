package org.dhtfl.client.ring;

import java.util.ArrayList;
import java.util.List;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransport;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.ComputeNode;

/**
 * The client's way into the ring: one kept-open connection to a member, as the reference client
 * has. When that member stops answering, the next known member takes over.
 */
public final class EntryNode implements AutoCloseable {

  private final List<NodeRef> candidates;
  private final RpcSettings settings;
  private int current;
  private TTransport transport;
  private ComputeNode.Client client;

  EntryNode(List<NodeRef> candidates, RpcSettings settings) {
    if (candidates.isEmpty()) {
      throw new IllegalArgumentException("no member to enter the ring through");
    }
    this.candidates = new ArrayList<>(candidates);
    this.settings = settings;
  }

  public NodeRef node() {
    return candidates.get(current);
  }

  /**
   * The entry node, once it answers a ping; one that does not is replaced by the next known member
   * that does. The client's calls go to the files' owners directly, so without this a dead entry
   * would be noticed only by the next call that needs it.
   */
  public NodeRef answering() throws RemoteException {
    call(c -> {
      c.ping();
      return null;
    });
    return node();
  }

  public List<NodeRef> candidates() {
    return List.copyOf(candidates);
  }

  /** The members to fail over to from now on; the current entry stays first if it is among them. */
  public void replaceCandidates(List<NodeRef> members) {
    if (members.isEmpty()) {
      return;
    }
    NodeRef now = node();
    candidates.clear();
    members.stream().filter(m -> m.sameAs(now)).forEach(candidates::add);
    members.stream().filter(m -> !m.sameAs(now)).forEach(candidates::add);
    if (!candidates.get(0).sameAs(now)) {
      close();
    }
    current = 0;
  }

  /**
   * Runs the call on the entry node; a broken connection is reopened, a dead node replaced. Fails
   * UNREACHABLE when no member answers, else as the member's answer says.
   */
  <R> R call(Rpc.Call<ComputeNode.Client, R> call) throws RemoteException {
    TTransportException last = null;
    for (int attempt = 0; attempt < candidates.size() + 1; attempt++) {
      try {
        if (client == null) {
          transport = Rpc.open(node().host(), node().port(), settings);
          client = new ComputeNode.Client(Rpc.protocol(transport, settings));
        }
        return call.apply(client);
      } catch (TTransportException e) {
        last = e;
        close();
        if (attempt > 0) {
          current = (current + 1) % candidates.size();
        }
      } catch (TException e) {
        throw RemoteException.of("node " + node(), e);
      } catch (IllegalArgumentException e) {
        throw RemoteException.malformed("node " + node(), e);
      }
    }
    throw new RemoteException(RemoteException.Kind.UNREACHABLE, "no member answers; last tried " + node() + ": "
        + (last == null ? "" : last.getMessage()), last);
  }

  @Override
  public void close() {
    if (transport != null) {
      transport.close();
    }
    transport = null;
    client = null;
  }
}
