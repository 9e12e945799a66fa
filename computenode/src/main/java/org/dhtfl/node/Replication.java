package org.dhtfl.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.security.SecureRandom;
import java.util.concurrent.Executor;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps results where the ring will look for them. The owner tells its first successors of each
 * result it finishes, and they pull a copy, so that the next owner of the key has it when the owner
 * fails; an owner that lacks a result finds it at its successors, which is where results are after
 * a node joins in front of them; a leaving node hands its jobs to its successor. Nothing another
 * node pushes is believed: results are only ever pulled from the key's owner or a ring neighbour.
 */
public final class Replication {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final ChordNode chord;
  private final JobExecutor executor;
  private final ResultStore results;
  private final JobPeers peers;
  private final JobSpec defaults;
  private final int replicas;
  private final Executor background;
  private final CopyTokens tokens = new CopyTokens(new SecureRandom());

  /**
   * @param defaults what put_data jobs train (the node's own settings)
   * @param replicas successors that keep a copy of each result
   * @param background runs the copying
   */
  Replication(ChordNode chord, JobExecutor executor, JobPeers peers, JobSpec defaults, int replicas,
      Executor background) {
    this.chord = chord;
    this.executor = executor;
    this.results = executor.results();
    this.peers = peers;
    this.defaults = defaults;
    this.replicas = replicas;
    this.background = background;
    executor.onDone((key, result) -> background.execute(() -> replicate(key, result)));
  }

  /**
   * Tells the first successors that the job has its result, which they pull (see
   * {@link #storeReplica}) with the token the call carries; the call carries no weights, since
   * nobody believes pushed ones.
   */
  private void replicate(JobKey job, JobResult result) {
    JobResult hint = JobResult.unfinished(job.filename(), JobStatus.WAIT, result.trainedBy(), "");
    for (NodeRef successor : firstSuccessors()) {
      try {
        peers.storeReplica(successor, job, hint, tokens.of(job));
      } catch (PeerException | FileRouter.RoutingException e) {
        LOG.debug("copy of {} to {} failed: {}", job, successor, e.getMessage());
      }
    }
  }

  /**
   * store_replica: a neighbour says it finished a result. What it sends is not believed: the copy
   * is pulled, in the background, from the key's owner (see {@link #pullCopy}), so that a process that
   * is not the owner cannot plant a result here, and kept only where this node holds nothing for
   * the key ({@link ResultStore#adopt}).
   */
  void storeReplica(JobKey job, byte[] copyToken) {
    background.execute(() -> pullCopy(job, ReadProof.of(copyToken)));
  }

  /** The token this node sends its successors for the job's key. */
  byte[] copyToken(JobKey job) {
    return tokens.of(job);
  }

  /** Whether the token is the one this node sent its successors for the job's key. */
  boolean opens(JobKey job, byte[] copyToken) {
    return tokens.opens(job, copyToken);
  }

  /**
   * Pulls the copy from the key's owner, never from a node that merely holds one. The predecessor
   * is asked first, which costs one call and no lookup, when it is the owner as far as this node
   * knows (no node this node knows lies between the key and it: this node is the owner's first
   * successor) and answers with a result it trained itself. Otherwise (a later successor, whose
   * predecessor holds only a copy) the owner is looked up and asked.
   */
  private void pullCopy(JobKey job, ReadProof proof) {
    try {
      int key = chord.space().keyOf(job.filename());
      Optional<NodeRef> predecessor = chord.predecessor().filter(p -> !p.sameAs(chord.self()));
      if (predecessor.isPresent() && ownerAsFarAsKnown(predecessor.get(), key)) {
        JobResult theirs = peers.localResult(predecessor.get(), job, proof);
        if (theirs.trainedBy().equals(OptionalInt.of(predecessor.get().id())) && adoptFinished(job, theirs)) {
          return;
        }
      }
      NodeRef owner = chord.lookup(key).owner();
      if (!owner.sameAs(chord.self())) {
        adoptFinished(job, peers.localResult(owner, job, proof));
      }
    } catch (LookupFailedException | PeerException | FileRouter.RoutingException | IllegalArgumentException e) {
      LOG.debug("no copy of {}: {}", job, e.getMessage());
    }
  }

  /** True when no node in this node's successors and fingers lies in [key, node), so node would own key. */
  private boolean ownerAsFarAsKnown(NodeRef node, int key) {
    RingState state = chord.state();
    List<NodeRef> known = new ArrayList<>(state.successors());
    known.addAll(state.fingers());
    return node.id() == key
        || known.stream().noneMatch(x -> x.id() == key || chord.space().inOpenOpen(key, x.id(), node.id()));
  }

  private boolean adoptFinished(JobKey job, JobResult theirs) {
    if (theirs.status() == JobStatus.DONE || theirs.status() == JobStatus.FAILED) {
      results.adopt(job, theirs);
      return true;
    }
    return false;
  }

  /**
   * Asks the successors, nearest first, for a result they hold or a job they run; a finished result
   * found is kept here. After a join the old owner, now our successor, has them; after a failure,
   * the copies do; after two rings merged, the owner the key had in the other ring does.
   */
  Optional<JobResult> fromSuccessors(JobKey job, Optional<RunSecret> secret, List<NodeRef> successors) {
    Optional<JobResult> waiting = Optional.empty();
    for (NodeRef successor : successors) {
      try {
        JobResult theirs = peers.localResult(successor, job, ReadProof.of(secret));
        if (theirs.status() == JobStatus.DONE || theirs.status() == JobStatus.FAILED) {
          results.adopt(job, theirs);
          return Optional.of(theirs);
        }
        if (theirs.status() == JobStatus.WAIT) {
          waiting = Optional.of(theirs);
        }
      } catch (PeerException | FileRouter.RoutingException e) {
        // A dead successor holds nothing we can use.
      }
    }
    return waiting;
  }

  /** The successors that keep copies of this node's results. */
  List<NodeRef> firstSuccessors() {
    List<NodeRef> successors = chord.state().successors();
    return successors.subList(0, Math.min(replicas, successors.size()));
  }

  /**
   * take_over: a leaving predecessor hands over its jobs. Nothing it pushes is believed: its
   * results are here already as copies (pulled from it when it finished them, see
   * {@link #storeReplica}), or the client, which has every job, sends the job again when it finds
   * it missing; a put_data file it had not trained yet is trained here from this node's own file
   * with this node's own settings, as put_data is.
   *
   * @return the put_data files queued here
   */
  int takeOver(List<HandedJob> handed) {
    int queued = 0;
    for (HandedJob job : handed) {
      JobKey key = job.key();
      if (job.pending().isPresent() && key.runId().equals(JobKey.REFERENCE_RUN)
          && executor.files().has(key.filename())) {
        executor.submit(new JobRequest(key, defaults, Optional.empty(), Optional.empty()), false);
        queued++;
      }
    }
    return queued;
  }

  /**
   * Stops training and returns what this node gives its successor when it leaves: every result it
   * holds, and every job it had not trained yet, with the file's bytes when the job did not carry
   * them.
   */
  List<HandedJob> handOver() {
    List<HandedJob> handed = new ArrayList<>();
    for (HandedJob job : executor.stop()) {
      Optional<JobRequest> pending = job.pending();
      if (pending.isPresent() && pending.get().data().isEmpty()) {
        JobRequest request = pending.get();
        pending = Optional.of(executor.files().bytes(request.key().filename()).map(request::withData).orElse(request));
      }
      handed.add(new HandedJob(job.key(), job.result(), pending));
    }
    return handed;
  }
}
