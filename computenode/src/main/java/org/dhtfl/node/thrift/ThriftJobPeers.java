package org.dhtfl.node.thrift;

import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.JobPeers;
import org.dhtfl.node.ReadProof;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.NodeConnections;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.rpc.RemoteCalls;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.thrift.ComputeNode;

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
    return call(owner, "submit_job", c -> c.submit_job(JobWire.toThrift(request), path), SubmitAnswer::parse,
        "submit_job at " + owner);
  }

  @Override
  public JobResult result(NodeRef owner, JobKey key, Optional<RunSecret> secret, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return call(owner, "job_result", c -> c.job_result(JobWire.toThrift(key), path, JobWire.secret(secret)),
        m -> result(key, m),
        "node " + owner + " sent a malformed result for " + key);
  }

  @Override
  public JobResult localResult(NodeRef node, JobKey key, ReadProof proof)
      throws PeerException, FileRouter.RoutingException {
    return call(node, "held", c -> c.held(JobWire.toThrift(key), JobWire.secret(proof.secret()),
        proof.copyToken().map(JobWire::copyToken).orElse(null)), m -> result(key, m),
        "node " + node + " sent a malformed result for " + key);
  }

  @Override
  public void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken)
      throws PeerException, FileRouter.RoutingException {
    call(node, "store_replica", c -> {
      c.store_replica(JobWire.toThrift(key), JobWire.toThrift(result), JobWire.copyToken(copyToken));
      return null;
    });
  }

  @Override
  public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return call(owner, "class_statistics", c -> c.class_statistics(QueryWire.toThrift(query), path),
        QueryWire::fromThrift, "node " + owner + " sent malformed statistics of " + query.filename());
  }

  @Override
  public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException {
    return call(owner, "score_models", c -> c.score_models(QueryWire.toThrift(query), path),
        QueryWire::fromThrift, "node " + owner + " sent malformed scores of " + query.filename());
  }

  private static JobResult result(JobKey key, org.dhtfl.thrift.Model model) {
    return TrainingSpecs.checkResult(JobWire.fromThrift(key.filename(), model));
  }

  /** One call whose answer needs no decoding. */
  private <W> W call(NodeRef node, String method, Rpc.Call<ComputeNode.Client, W> call)
      throws PeerException, FileRouter.RoutingException {
    return call(node, method, call, answer -> answer, method + " at " + node);
  }

  /**
   * One call and its decoded answer. A peer that cannot be reached or breaks the protocol has
   * failed; one that refuses or is busy, or whose answer does not decode ({@code badAnswer} names
   * it), fails the routing.
   */
  private <W, D> D call(NodeRef node, String method, Rpc.Call<ComputeNode.Client, W> call,
      RemoteCalls.Decoder<W, D> decoder, String badAnswer) throws PeerException, FileRouter.RoutingException {
    try {
      return RemoteCalls.call(() -> connections.call(node, call), decoder,
          e -> new FileRouter.RoutingException(badAnswer + ": " + e.getMessage()));
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.UNREACHABLE || e.kind() == RemoteException.Kind.MALFORMED) {
        throw new PeerException(method + " at " + node + ": " + e.getMessage(), e);
      }
      throw new FileRouter.RoutingException(method + " at " + node + ": " + e.getMessage());
    }
  }
}
