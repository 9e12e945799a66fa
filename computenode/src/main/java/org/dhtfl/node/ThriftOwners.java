package org.dhtfl.node;

import java.util.List;
import org.apache.thrift.TException;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.PeerException;
import org.dhtfl.rpc.JobMessages;
import org.dhtfl.rpc.ModelMessages;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Unavailable;

/** Reaches other nodes over Thrift for the file router. */
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
  public String submit(NodeRef owner, TrainingJobs.Request request, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return call(owner, "submit_job", c -> c.submit_job(JobMessages.toThrift(request), path));
  }

  @Override
  public JobResult result(NodeRef owner, JobKey key, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return parse(owner, key, call(owner, "job_result", c -> c.job_result(JobMessages.toThrift(key), path)));
  }

  @Override
  public JobResult held(NodeRef node, JobKey key) throws PeerException, FileRouter.RoutingException {
    return parse(node, key, call(node, "held", c -> c.held(JobMessages.toThrift(key))));
  }

  @Override
  public void storeReplica(NodeRef node, JobKey key, JobResult result)
      throws PeerException, FileRouter.RoutingException {
    call(node, "store_replica", c -> {
      c.store_replica(JobMessages.toThrift(key), ModelMessages.toThrift(result));
      return null;
    });
  }

  private static JobResult parse(NodeRef from, JobKey key, Model model) throws FileRouter.RoutingException {
    try {
      return ModelMessages.fromThrift(key.filename(), model);
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("node " + from + " sent a malformed result for " + key + ": "
          + e.getMessage());
    }
  }

  private <R> R call(NodeRef node, String method, Rpc.Call<org.dhtfl.thrift.ComputeNode.Client, R> call)
      throws PeerException, FileRouter.RoutingException {
    try {
      return Rpc.computeNode(node.host(), node.port(), settings, call);
    } catch (Unavailable e) {
      throw new FileRouter.RoutingException(method + " at " + node + ": " + e.getMessage());
    } catch (InvalidRequest e) {
      throw new FileRouter.RoutingException(method + " at " + node + " refused: " + e.getMessage());
    } catch (TException e) {
      throw new PeerException(method + " at " + node + ": " + e, e);
    }
  }
}
