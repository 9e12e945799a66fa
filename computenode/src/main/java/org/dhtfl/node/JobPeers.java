package org.dhtfl.node;

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
import org.dhtfl.ring.NodeRef;

/**
 * How the file router and the replication reach the job service of other nodes. A node that
 * cannot be reached fails with PeerException; one that answers but cannot take the request, with
 * {@link FileRouter.RoutingException}.
 */
public interface JobPeers {

  /** The reference's put_data at the owner, which trains with its own settings. */
  void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException, FileRouter.RoutingException;

  SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path)
      throws PeerException, FileRouter.RoutingException;

  /** job_result at the owner, with the run's secret the caller showed (none for the reference's put_data run). */
  JobResult result(NodeRef owner, JobKey key, Optional<RunSecret> secret, List<Integer> path)
      throws PeerException, FileRouter.RoutingException;

  /** The held call: what the node itself holds for the key, without routing, read with the proof. */
  JobResult localResult(NodeRef node, JobKey key, ReadProof proof) throws PeerException, FileRouter.RoutingException;

  /** store_replica: tells a successor of the result, with the token that lets it pull its copy from this node. */
  void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken)
      throws PeerException, FileRouter.RoutingException;

  /** class_statistics at the owner (which routes it on when the key moved). */
  FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException;

  /** score_models at the owner (which routes it on when the key moved). */
  FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException, FileRouter.RoutingException;
}
