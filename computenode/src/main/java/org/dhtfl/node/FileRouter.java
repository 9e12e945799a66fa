package org.dhtfl.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.stream.Collectors;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileNames;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ring.NodeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes jobs to the node that owns their file's key, SHA-1(filename) mod 2^m, and answers for
 * their results. The node that receives a request looks the owner up through the fingers, prints
 * the path, and hands the request to the owner, which checks that the key is still its own and
 * otherwise routes it on. The owner keeps each result and copies it to its successors, so that
 * the next owner of the key has it when the owner fails; an owner that lacks a result asks its
 * successors, which is where results are after a node joins in front of them.
 */
public final class FileRouter {

  /** No owner could take the request; the message says why. */
  public static final class RoutingException extends Exception {
    private static final long serialVersionUID = 1L;

    public RoutingException(String message) {
      super(message);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  private static final int ATTEMPTS = 3;
  /** A request passed on by owners more often than this is refused: the ring is changing under it. */
  private static final int MAX_PATH = 16;
  /** How often a copy is asked of the predecessor before the key's owner is looked up, and the pause between. */
  private static final int PREDECESSOR_ATTEMPTS = 3;
  private static final long PREDECESSOR_RETRY_MS = 100;

  private final ChordNode chord;
  private final TrainingJobs jobs;
  private final JobPeers owners;
  private final JobSpec defaults;
  private final int replicas;
  private final Executor background;
  private final FileEvaluator evaluator;

  /**
   * @param defaults what put_data jobs train (the node's own settings)
   * @param replicas successors that keep a copy of each result
   * @param background runs the copying
   */
  public FileRouter(ChordNode chord, TrainingJobs jobs, JobPeers owners, JobSpec defaults, int replicas,
      Executor background) {
    this.chord = chord;
    this.jobs = jobs;
    this.owners = owners;
    this.defaults = defaults;
    this.replicas = replicas;
    this.background = background;
    this.evaluator = new FileEvaluator(jobs::rows);
    jobs.onDone((key, result) -> background.execute(() -> replicate(key, result)));
  }

  public int keyOf(String filename) {
    return chord.space().keyOf(filename);
  }

  /** The jobs this node holds and trains, for the live page (see {@link TrainingJobs#held}). */
  public List<HeldJob> held() {
    return jobs.held(HeldJob.MAX_REPORTED);
  }

  // ------------------------------------------------------------ the reference's put_data / get_model

  /** put_data: sends the file to its owner, which trains it. */
  public void put(String filename) throws RoutingException {
    FileNames.check(filename);
    int key = keyOf(filename);
    route(key, "put_data " + filename, owner -> {
      if (owner.owner().sameAs(chord.self())) {
        accept(filename, owner.path());
      } else {
        owners.deliver(owner.owner(), filename, owner.path());
      }
      return null;
    }, true);
  }

  /** get_model: asks the key's owner for the file's result. */
  public JobResult get(String filename) throws RoutingException {
    try {
      return result(JobKey.reference(filename), List.of());
    } catch (PeerException e) {
      throw new RoutingException(e.getMessage());
    }
  }

  /** deliver: the file reached this node as its owner; train it, or pass it on if the key moved. */
  public void accept(String filename, List<Integer> path) throws RoutingException, PeerException {
    FileNames.check(filename);
    int key = keyOf(filename);
    if (!chord.isResponsible(key)) {
      owners.deliver(forwardTarget(key, path), filename, extend(path));
      return;
    }
    if (path.size() > 1) {
      LOG.info("accepted {} (key {}) along path {}", filename, key, text(path));
    }
    JobKey job = JobKey.reference(filename);
    TrainingJobs.Submitted submitted =
        jobs.submit(new JobRequest(job, defaults, Optional.empty(), Optional.empty()), true);
    if (submitted == TrainingJobs.Submitted.NEED_DATA) {
      // put_data cannot carry the file: record why, so that get_model answers "failed" with the reason.
      int self = chord.self().id();
      jobs.adopt(job, JobResult.failed(filename, self, "node " + self + " has no file " + filename));
    }
  }

  // ------------------------------------------------------------ jobs of federated runs

  /** submit_job: routes the job to its owner, which accepts it or needs the file's bytes with it. */
  public SubmitAnswer submit(JobRequest request, List<Integer> path) throws RoutingException, PeerException {
    int key = keyOf(request.key().filename());
    if (!path.isEmpty()) {
      return submitAsOwner(request, path, key);
    }
    return route(key, "submit_job " + request.key(), owner -> owner.owner().sameAs(chord.self())
        ? submitAsOwner(request, owner.path(), key)
        : owners.submit(owner.owner(), request, owner.path()), false);
  }

  private SubmitAnswer submitAsOwner(JobRequest request, List<Integer> path, int key)
      throws RoutingException, PeerException {
    if (!chord.isResponsible(key)) {
      return owners.submit(forwardTarget(key, path), request, extend(path));
    }
    JobKey job = request.key();
    if (!request.retrain() && jobs.status(job).status() == JobStatus.NOT_FOUND) {
      Optional<JobResult> elsewhere = fromSuccessors(job, firstSuccessors());
      if (elsewhere.isPresent()) {
        return SubmitAnswer.ACCEPTED;
      }
    }
    return switch (jobs.submit(request, request.retrain())) {
      case NEED_DATA -> SubmitAnswer.NEED_DATA;
      case QUEUED, KNOWN, REFUSED -> SubmitAnswer.ACCEPTED;
    };
  }

  /** job_result (and get_model): the owner's answer for the key. */
  public JobResult result(JobKey job, List<Integer> path) throws RoutingException, PeerException {
    int key = keyOf(job.filename());
    if (!path.isEmpty()) {
      return resultAsOwner(job, path, key);
    }
    Lookup[] used = new Lookup[1];
    JobResult result = route(key, null, owner -> {
      used[0] = owner.lookup();
      return owner.owner().sameAs(chord.self()) ? resultAsOwner(job, owner.path(), key)
          : owners.result(owner.owner(), job, owner.path());
    }, false);
    if (result.status() != JobStatus.WAIT) {
      LOG.info("{} {} (key {}): path {}: {}", job.runId().equals(JobKey.REFERENCE_RUN) ? "get_model" : "job_result",
          job.runId().equals(JobKey.REFERENCE_RUN) ? job.filename() : job, key, used[0].pathText(),
          result.status().wireName());
    }
    return result;
  }

  private JobResult resultAsOwner(JobKey job, List<Integer> path, int key) throws RoutingException, PeerException {
    if (!chord.isResponsible(key)) {
      return owners.result(forwardTarget(key, path), job, extend(path));
    }
    JobResult mine = jobs.status(job);
    if (mine.status() != JobStatus.NOT_FOUND) {
      return mine;
    }
    // The whole successor list: after two rings merged, the key's owner in the other ring is the
    // first of that ring's nodes after this one, which may lie beyond the copies.
    return fromSuccessors(job, chord.state().successors()).orElse(mine);
  }

  /** held: what this node holds for the key, without routing. */
  public JobResult held(JobKey job) {
    return jobs.status(job);
  }

  /**
   * store_replica: a neighbour says it finished a result. What it sends is not believed: the copy
   * is pulled, in the background, from the key's owner at the address this node knows, so that a
   * process that is not the owner cannot plant a result here.
   */
  public void storeReplica(JobKey job) {
    background.execute(() -> pullCopy(job));
  }

  /**
   * Pulls the copy from the predecessor first, which is the owner (for the first successor) or
   * holds a copy it pulled from the owner itself (for the next ones): one call, from a ring pointer
   * only admitted nodes become. When it has none yet, the owner is looked up and asked.
   */
  private void pullCopy(JobKey job) {
    try {
      Optional<NodeRef> predecessor = chord.predecessor().filter(p -> !p.sameAs(chord.self()));
      // A later successor may ask before the predecessor has pulled its own copy: it asks again
      // a moment later, which costs less than a lookup.
      for (int attempt = 0; predecessor.isPresent() && attempt < PREDECESSOR_ATTEMPTS; attempt++) {
        if (adoptFinished(job, owners.held(predecessor.get(), job))) {
          return;
        }
        Thread.sleep(PREDECESSOR_RETRY_MS);
      }
      NodeRef owner = chord.lookup(keyOf(job.filename())).owner();
      if (!owner.sameAs(chord.self()) && !predecessor.map(owner::sameAs).orElse(false)) {
        adoptFinished(job, owners.held(owner, job));
      }
    } catch (LookupFailedException | PeerException | RoutingException | IllegalArgumentException e) {
      LOG.debug("no copy of {}: {}", job, e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private boolean adoptFinished(JobKey job, JobResult theirs) {
    if (theirs.status() == JobStatus.DONE || theirs.status() == JobStatus.FAILED) {
      jobs.adopt(job, theirs);
      return true;
    }
    return false;
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
  public int takeOver(List<TrainingJobs.Held> handed) {
    int queued = 0;
    for (TrainingJobs.Held held : handed) {
      JobKey key = held.key();
      if (held.pending().isPresent() && key.runId().equals(JobKey.REFERENCE_RUN) && jobs.hasLocalFile(key.filename())) {
        jobs.submit(new JobRequest(key, defaults, Optional.empty(), Optional.empty()), false);
        queued++;
      }
    }
    return queued;
  }

  // ------------------------------------------------------------ calibration queries

  /** class_statistics: the owner's statistics of the file's rows under each model of the query. */
  public FileAnswer<List<ClassSums>> statistics(FileQuery query, List<Integer> path)
      throws RoutingException, PeerException {
    return query(query, path, evaluator::statistics, owners::statistics);
  }

  /** score_models: how many of the file's rows each model of the query classifies right, at the owner. */
  public FileAnswer<ModelScores> scores(FileQuery query, List<Integer> path) throws RoutingException, PeerException {
    return query(query, path, evaluator::scores, owners::scores);
  }

  /** Asks the owner of the file's key, as job_result does: looked up here, or this node when it is the owner. */
  private <R> FileAnswer<R> query(FileQuery query, List<Integer> path, Evaluation<R> here, AtPeer<R> there)
      throws RoutingException, PeerException {
    int key = keyOf(query.filename());
    if (!path.isEmpty()) {
      return queryAsOwner(query, path, key, here, there);
    }
    return route(key, null, owner -> owner.owner().sameAs(chord.self())
        ? queryAsOwner(query, owner.path(), key, here, there)
        : there.ask(owner.owner(), query, owner.path()), false);
  }

  private <R> FileAnswer<R> queryAsOwner(FileQuery query, List<Integer> path, int key, Evaluation<R> here,
      AtPeer<R> there) throws RoutingException, PeerException {
    if (!chord.isResponsible(key)) {
      return there.ask(forwardTarget(key, path), query, extend(path));
    }
    int self = chord.self().id();
    return here.evaluate(query).map(value -> FileAnswer.done(value, self)).orElseGet(() -> FileAnswer.needData(self));
  }

  @FunctionalInterface
  private interface Evaluation<R> {
    Optional<R> evaluate(FileQuery query);
  }

  @FunctionalInterface
  private interface AtPeer<R> {
    FileAnswer<R> ask(NodeRef owner, FileQuery query, List<Integer> path) throws PeerException, RoutingException;
  }

  // ------------------------------------------------------------ helpers

  /**
   * Asks the successors, nearest first, for a result they hold or a job they run; a finished result
   * found is kept here. After a join the old owner, now our successor, has them; after a failure,
   * the copies do; after two rings merged, the owner the key had in the other ring does.
   */
  private Optional<JobResult> fromSuccessors(JobKey job, List<NodeRef> successors) {
    Optional<JobResult> waiting = Optional.empty();
    for (NodeRef successor : successors) {
      try {
        JobResult theirs = owners.held(successor, job);
        if (theirs.status() == JobStatus.DONE || theirs.status() == JobStatus.FAILED) {
          jobs.adopt(job, theirs);
          return Optional.of(theirs);
        }
        if (theirs.status() == JobStatus.WAIT) {
          waiting = Optional.of(theirs);
        }
      } catch (PeerException | RoutingException e) {
        // A dead successor holds nothing we can use.
      }
    }
    return waiting;
  }

  /**
   * Tells the first successors that the job has its result, which they pull (see
   * {@link #storeReplica}); the call carries no weights, since nobody believes pushed ones.
   */
  private void replicate(JobKey job, JobResult result) {
    JobResult hint = JobResult.unfinished(job.filename(), JobStatus.WAIT, result.trainedBy(), "");
    for (NodeRef successor : firstSuccessors()) {
      try {
        owners.storeReplica(successor, job, hint);
      } catch (PeerException | RoutingException e) {
        LOG.debug("copy of {} to {} failed: {}", job, successor, e.getMessage());
      }
    }
  }

  private List<NodeRef> firstSuccessors() {
    List<NodeRef> successors = chord.state().successors();
    return successors.subList(0, Math.min(replicas, successors.size()));
  }

  /** An owner found by a lookup, with the path to hand on. */
  private record Owner(Lookup lookup) {
    NodeRef owner() {
      return lookup.owner();
    }

    List<Integer> path() {
      return lookup.path();
    }
  }

  @FunctionalInterface
  private interface AtOwner<R> {
    R apply(Owner owner) throws PeerException, RoutingException;
  }

  /** Looks up the owner and calls it, again with a fresh lookup when the owner does not answer. */
  private <R> R route(int key, String what, AtOwner<R> call, boolean printPath) throws RoutingException {
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lookup lookup;
      try {
        lookup = chord.lookup(key);
      } catch (LookupFailedException e) {
        throw new RoutingException(e.getMessage());
      }
      if (printPath) {
        LOG.info("{} (key {}): path {}", what, key, lookup.pathText());
      }
      try {
        return call.apply(new Owner(lookup));
      } catch (PeerException e) {
        failure = e.getMessage();
        LOG.warn("owner {} of key {} did not answer ({}); looking again", lookup.owner(), key, failure);
      }
    }
    throw new RoutingException("no owner of key " + key + " answered: " + failure);
  }

  private NodeRef forwardTarget(int key, List<Integer> path) throws RoutingException {
    if (path.size() > MAX_PATH) {
      throw new RoutingException("key " + key + " went through " + text(path) + " without settling");
    }
    NodeRef owner;
    try {
      owner = chord.lookup(key).owner();
    } catch (LookupFailedException e) {
      throw new RoutingException(e.getMessage());
    }
    if (owner.sameAs(chord.self())) {
      throw new RoutingException("node " + chord.self().id() + " is asked for key " + key
          + " but its predecessor owns it");
    }
    return owner;
  }

  private List<Integer> extend(List<Integer> path) {
    List<Integer> longer = new ArrayList<>(path);
    longer.add(chord.self().id());
    return longer;
  }

  private static String text(List<Integer> path) {
    return path.stream().map(String::valueOf).collect(Collectors.joining(" -> "));
  }
}
