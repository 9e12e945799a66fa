package org.dhtfl.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileNames;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ring.NodeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes each call about a file to the node that owns the file's key, SHA-1(filename) mod 2^m,
 * and there hands it to the room that answers it. The node that receives a call looks the owner up
 * through the fingers and passes it on with the path; the owner checks that the key is still its
 * own and otherwise passes it on again ({@link #forward}, one routine for every routed call).
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

  private final ChordNode chord;
  private final JobPeers owners;
  private final JobExecutor executor;
  private final ResultStore results;
  private final Replication replication;
  private final FileEvaluator evaluator;
  private final JobSpec defaults;

  /** @param defaults what put_data jobs train (the node's own settings) */
  FileRouter(ChordNode chord, JobPeers owners, JobExecutor executor, Replication replication,
      FileEvaluator evaluator, JobSpec defaults) {
    this.chord = chord;
    this.owners = owners;
    this.executor = executor;
    this.results = executor.results();
    this.replication = replication;
    this.evaluator = evaluator;
    this.defaults = defaults;
  }

  public int keyOf(String filename) {
    return chord.space().keyOf(filename);
  }

  /** One call routed to a key's owner: what the owner does, and how it is passed on with the path so far. */
  private interface Routed<R> {
    R atOwner(List<Integer> path) throws RoutingException, PeerException;

    R passTo(NodeRef node, List<Integer> path) throws PeerException, RoutingException;
  }

  // ------------------------------------------------------------ the reference's put_data / get_model

  /** put_data: sends the file to its owner, which trains it. */
  public void put(String filename) throws RoutingException {
    FileNames.check(filename);
    int key = keyOf(filename);
    fromHere(key, deliver(filename),
        lookup -> LOG.info("{} (key {}): path {}", "put_data " + filename, key, lookup.pathText()));
  }

  /** get_model: asks the key's owner for the file's result. */
  public JobResult get(String filename) throws RoutingException {
    try {
      return result(JobKey.reference(filename), Optional.empty(), List.of());
    } catch (PeerException e) {
      throw new RoutingException(e.getMessage());
    }
  }

  /** deliver: the file reached this node as its owner; train it, or pass it on if the key moved. */
  public void accept(String filename, List<Integer> path) throws RoutingException, PeerException {
    FileNames.check(filename);
    atOwner(keyOf(filename), path, deliver(filename));
  }

  private Routed<Void> deliver(String filename) {
    return new Routed<>() {
      @Override
      public Void atOwner(List<Integer> path) {
        if (path.size() > 1) {
          LOG.info("accepted {} (key {}) along path {}", filename, keyOf(filename), text(path));
        }
        JobKey job = JobKey.reference(filename);
        JobExecutor.Submitted submitted =
            executor.submit(new JobRequest(job, defaults, Optional.empty(), Optional.empty()), true);
        if (submitted == JobExecutor.Submitted.NEED_DATA) {
          // put_data cannot carry the file: record why, so that get_model answers "failed" with the reason.
          int self = chord.self().id();
          executor.recordFailure(job, JobResult.failed(filename, self, "node " + self + " has no file " + filename));
        }
        return null;
      }

      @Override
      public Void passTo(NodeRef node, List<Integer> path) throws PeerException, RoutingException {
        owners.deliver(node, filename, path);
        return null;
      }
    };
  }

  // ------------------------------------------------------------ jobs of federated runs

  /** submit_job: routes the job to its owner, which accepts it or needs the file's bytes with it. */
  public SubmitAnswer submit(JobRequest request, List<Integer> path) throws RoutingException, PeerException {
    return forward(keyOf(request.key().filename()), path, new Routed<>() {
      @Override
      public SubmitAnswer atOwner(List<Integer> path) {
        JobKey job = request.key();
        // The owner keeps no secret: the job it trains, holds and may hand over is the client's without it.
        JobRequest taken = request.withoutSecret();
        if (!request.retrain() && results.get(job).status() == JobStatus.NOT_FOUND
            && replication.fromSuccessors(job, request.secret(), replication.firstSuccessors()).isPresent()) {
          return SubmitAnswer.ACCEPTED;
        }
        return switch (executor.submit(taken, taken.retrain())) {
          case NEED_DATA -> SubmitAnswer.NEED_DATA;
          case QUEUED, KNOWN, REFUSED -> SubmitAnswer.ACCEPTED;
        };
      }

      @Override
      public SubmitAnswer passTo(NodeRef node, List<Integer> path) throws PeerException, RoutingException {
        return owners.submit(node, request, path);
      }
    }, lookup -> { });
  }

  /** job_result (and get_model): the owner's answer for the key; the caller's run secret goes with the call. */
  public JobResult result(JobKey job, Optional<RunSecret> secret, List<Integer> path)
      throws RoutingException, PeerException {
    int key = keyOf(job.filename());
    Lookup[] used = new Lookup[1];
    JobResult result = forward(key, path, new Routed<>() {
      @Override
      public JobResult atOwner(List<Integer> path) {
        JobResult mine = results.get(job);
        if (mine.status() != JobStatus.NOT_FOUND) {
          return mine;
        }
        // The whole successor list: after two rings merged, the key's owner in the other ring is the
        // first of that ring's nodes after this one, which may lie beyond the copies.
        return replication.fromSuccessors(job, secret, chord.state().successors()).orElse(mine);
      }

      @Override
      public JobResult passTo(NodeRef node, List<Integer> path) throws PeerException, RoutingException {
        return owners.result(node, job, secret, path);
      }
    }, lookup -> used[0] = lookup);
    if (path.isEmpty() && result.status() != JobStatus.WAIT) {
      boolean reference = job.runId().equals(JobKey.REFERENCE_RUN);
      LOG.info("{} {} (key {}): path {}: {}", reference ? "get_model" : "job_result", reference ? job.filename() : job,
          key, used[0].pathText(), result.status().wireName());
    }
    return result;
  }

  // ------------------------------------------------------------ calibration queries

  /** class_statistics: the owner's statistics of the file's rows under each model of the query. */
  public FileAnswer<List<ClassSums>> statistics(FileQuery query, List<Integer> path)
      throws RoutingException, PeerException {
    return forward(keyOf(query.filename()), path, new Routed<>() {
      @Override
      public FileAnswer<List<ClassSums>> atOwner(List<Integer> path) {
        return answer(evaluator.statistics(query));
      }

      @Override
      public FileAnswer<List<ClassSums>> passTo(NodeRef node, List<Integer> path)
          throws PeerException, RoutingException {
        return owners.statistics(node, query, path);
      }
    }, lookup -> { });
  }

  /** score_models: how many of the file's rows each model of the query classifies right, at the owner. */
  public FileAnswer<ModelScores> scores(FileQuery query, List<Integer> path) throws RoutingException, PeerException {
    return forward(keyOf(query.filename()), path, new Routed<>() {
      @Override
      public FileAnswer<ModelScores> atOwner(List<Integer> path) {
        return answer(evaluator.scores(query));
      }

      @Override
      public FileAnswer<ModelScores> passTo(NodeRef node, List<Integer> path) throws PeerException, RoutingException {
        return owners.scores(node, query, path);
      }
    }, lookup -> { });
  }

  private <R> FileAnswer<R> answer(Optional<R> value) {
    int self = chord.self().id();
    return value.map(v -> FileAnswer.done(v, self)).orElseGet(() -> FileAnswer.needData(self));
  }

  // ------------------------------------------------------------ the routing

  /**
   * Forwards a routed call to the key's owner: a call that comes without a path starts here (the
   * owner is looked up), one with a path reached this node as the owner the last node found.
   *
   * @param looked hears each lookup made here
   */
  private <R> R forward(int key, List<Integer> path, Routed<R> call, Consumer<Lookup> looked)
      throws RoutingException, PeerException {
    return path.isEmpty() ? fromHere(key, call, looked) : atOwner(key, path, call);
  }

  /** Looks up the owner and calls it, again with a fresh lookup when the owner does not answer. */
  private <R> R fromHere(int key, Routed<R> call, Consumer<Lookup> looked) throws RoutingException {
    String failure = "";
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Lookup lookup;
      try {
        lookup = chord.lookup(key);
      } catch (LookupFailedException e) {
        throw new RoutingException(e.getMessage());
      }
      looked.accept(lookup);
      try {
        return lookup.owner().sameAs(chord.self()) ? atOwner(key, lookup.path(), call)
            : call.passTo(lookup.owner(), lookup.path());
      } catch (PeerException e) {
        failure = e.getMessage();
        LOG.warn("owner {} of key {} did not answer ({}); looking again", lookup.owner(), key, failure);
      }
    }
    throw new RoutingException("no owner of key " + key + " answered: " + failure);
  }

  /** At the node a lookup named the owner: answers when the key is still its own, else passes the call on. */
  private <R> R atOwner(int key, List<Integer> path, Routed<R> call) throws RoutingException, PeerException {
    if (!chord.isResponsible(key)) {
      return call.passTo(forwardTarget(key, path), extend(path));
    }
    return call.atOwner(path);
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
