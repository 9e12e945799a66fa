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

/** Other nodes as a router sees them when none answers: every call fails naming the node that is down. */
public final class UnreachablePeers implements JobPeers {

  @Override
  public void deliver(NodeRef owner, String filename, List<Integer> path) throws PeerException {
    throw new PeerException("owner " + owner + " is down");
  }

  @Override
  public SubmitAnswer submit(NodeRef owner, JobRequest request, List<Integer> path) throws PeerException {
    throw new PeerException("owner " + owner + " is down");
  }

  @Override
  public JobResult result(NodeRef owner, JobKey key, Optional<RunSecret> secret, List<Integer> path)
      throws PeerException {
    throw new PeerException("owner " + owner + " is down");
  }

  @Override
  public JobResult localResult(NodeRef node, JobKey key, ReadProof proof) throws PeerException {
    throw new PeerException("node " + node + " is down");
  }

  @Override
  public void storeReplica(NodeRef node, JobKey key, JobResult result, byte[] copyToken) throws PeerException {
    throw new PeerException("node " + node + " is down");
  }

  @Override
  public FileAnswer<List<ClassSums>> statistics(NodeRef owner, FileQuery query, List<Integer> path)
      throws PeerException {
    throw new PeerException("owner " + owner + " is down");
  }

  @Override
  public FileAnswer<ModelScores> scores(NodeRef owner, FileQuery query, List<Integer> path) throws PeerException {
    throw new PeerException("owner " + owner + " is down");
  }
}
