package org.dhtfl.node;

import java.util.List;
import org.apache.thrift.TException;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.PeerException;
import org.dhtfl.rpc.ModelMessages;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Unavailable;

/** Reaches key owners over Thrift for the file router. */
final class ThriftOwners implements FileRouter.Owners {

  private final RpcSettings settings;

  ThriftOwners(RpcSettings settings) {
    this.settings = settings;
  }

  @Override
  public void deliver(NodeRef owner, String filename, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    call(owner, "deliver", c -> {
      c.deliver(filename, path);
      return null;
    });
  }

  @Override
  public JobResult fetch(NodeRef owner, String filename, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    Model model = call(owner, "fetch", c -> c.fetch(filename, path));
    try {
      return ModelMessages.fromThrift(filename, model);
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("node " + owner + " sent a malformed model for " + filename + ": "
          + e.getMessage());
    }
  }

  private <R> R call(NodeRef owner, String method, Rpc.Call<org.dhtfl.thrift.ComputeNode.Client, R> call)
      throws PeerException, FileRouter.RoutingException {
    try {
      return Rpc.computeNode(owner.host(), owner.port(), settings, call);
    } catch (Unavailable e) {
      throw new FileRouter.RoutingException(method + " at " + owner + ": " + e.getMessage());
    } catch (InvalidRequest e) {
      throw new FileRouter.RoutingException(method + " at " + owner + " refused: " + e.getMessage());
    } catch (TException e) {
      throw new PeerException(method + " at " + owner + ": " + e, e);
    }
  }
}
