package org.dhtfl.node.thrift;

import java.util.List;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.JobPeers;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.NodeConnections;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Model;

/** Reaches the job service of other nodes over Thrift, for the file router. */
public final class ThriftJobPeers implements JobPeers {

  private final NodeConnections connections;

  public ThriftJobPeers(NodeConnections connections) {
    this.connections = connections;
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
  public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    String answer = call(owner, "submit_job", c -> c.submit_job(JobWire.toThrift(request), path));
    try {
      return SubmitAnswer.parse(answer);
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("submit_job at " + owner + ": " + e.getMessage());
    }
  }

  @Override
  public JobResult result(NodeRef owner, JobKey key, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return parse(owner, key, call(owner, "job_result", c -> c.job_result(JobWire.toThrift(key), path)));
  }

  @Override
  public JobResult localResult(NodeRef node, JobKey key) throws PeerException, FileRouter.RoutingException {
    return parse(node, key, call(node, "held", c -> c.held(JobWire.toThrift(key))));
  }

  @Override
  public void storeReplica(NodeRef node, JobKey key, JobResult result)
      throws PeerException, FileRouter.RoutingException {
    call(node, "store_replica", c -> {
      c.store_replica(JobWire.toThrift(key), JobWire.toThrift(result));
      return null;
    });
  }

  @Override
  public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    org.dhtfl.thrift.FileStatistics answer = call(owner, "class_statistics",
        c -> c.class_statistics(QueryWire.toThrift(query), path));
    try {
      return QueryWire.fromThrift(answer);
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("node " + owner + " sent malformed statistics of " + query.filename()
          + ": " + e.getMessage());
    }
  }

  @Override
  public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    org.dhtfl.thrift.FileScores answer = call(owner, "score_models",
        c -> c.score_models(QueryWire.toThrift(query), path));
    try {
      return QueryWire.fromThrift(answer);
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("node " + owner + " sent malformed scores of " + query.filename()
          + ": " + e.getMessage());
    }
  }

  private static JobResult parse(NodeRef from, JobKey key, Model model) throws FileRouter.RoutingException {
    try {
      return TrainingSpecs.checkResult(JobWire.fromThrift(key.filename(), model));
    } catch (IllegalArgumentException e) {
      throw new FileRouter.RoutingException("node " + from + " sent a malformed result for " + key + ": "
          + e.getMessage());
    }
  }

  /** A peer that cannot be reached or answers nonsense has failed; one that refuses or is busy, the routing. */
  private <R> R call(NodeRef node, String method, Rpc.Call<ComputeNode.Client, R> call)
      throws PeerException, FileRouter.RoutingException {
    try {
      return connections.call(node, call);
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.UNREACHABLE || e.kind() == RemoteException.Kind.MALFORMED) {
        throw new PeerException(method + " at " + node + ": " + e.getMessage(), e);
      }
      throw new FileRouter.RoutingException(method + " at " + node + ": " + e.getMessage());
    }
  }
}
