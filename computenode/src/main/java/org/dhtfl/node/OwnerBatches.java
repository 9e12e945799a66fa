package org.dhtfl.node;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.FileNames;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A round's calls for many files in one message (put_files, submit_jobs, job_results; see
 * reports/design.md, "One call per owner"). Each file is served as its own per-file call is, by the
 * same {@link FileRouter} routine; only where it is served differs: submit_jobs and job_results
 * serve the files whose keys this node owns and answer "not owner" (an empty answer) for the rest,
 * which the caller then sends on their own through the ring. So a client whose picture of the ring
 * is out of date loses a call, never a file.
 */
final class OwnerBatches {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");
  /** The longest a job_results call waits for training to end: well within a caller's call timeout. */
  static final Duration MAX_WAIT = Duration.ofSeconds(5);

  private final ChordNode chord;
  private final FileRouter router;
  private final ResultStore results;

  OwnerBatches(ChordNode chord, FileRouter router, ResultStore results) {
    this.chord = chord;
    this.router = router;
    this.results = results;
  }

  /** put_files: put_data of each file from here; a file that reaches no owner is logged, and its read finds nothing. */
  void put(List<String> filenames) {
    filenames.forEach(FileNames::check);
    for (String filename : filenames) {
      try {
        router.put(filename);
      } catch (FileRouter.RoutingException e) {
        LOG.warn("put_files {}: {}", filename, e.getMessage());
      }
    }
  }

  /** submit_jobs: per job the owner's answer, empty where this node does not own the job's key. */
  List<Optional<SubmitAnswer>> submit(List<JobRequest> requests) {
    List<Optional<SubmitAnswer>> answers = new ArrayList<>();
    for (JobRequest request : requests) {
      answers.add(owns(request.key()) ? atOwner(() -> router.submit(request, here())) : Optional.empty());
    }
    return answers;
  }

  /**
   * job_results: per key the owner's answer, empty where this node does not own the key; first
   * waits, at most {@code wait} (or {@link #MAX_WAIT}), until none of the keys it owns is still training.
   */
  List<Optional<JobResult>> results(List<JobKey> keys, Optional<RunSecret> secret, Duration wait) {
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait " + wait.toMillis() + " ms is negative");
    }
    List<JobKey> owned = keys.stream().filter(this::owns).toList();
    try {
      results.awaitSettled(owned, wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    } catch (InterruptedException e) {
      // The server is stopping: answer with what is here now.
      Thread.currentThread().interrupt();
    }
    List<Optional<JobResult>> answers = new ArrayList<>();
    for (JobKey key : keys) {
      answers.add(owned.contains(key) ? atOwner(() -> router.result(key, secret, List.of())) : Optional.empty());
    }
    return answers;
  }

  private boolean owns(JobKey key) {
    return chord.isResponsible(router.keyOf(key.filename()));
  }

  /** The path of a call that reached this node as the key's owner. */
  private List<Integer> here() {
    return List.of(chord.self().id());
  }

  /** A file's call at its owner. */
  private interface AtOwner<R> {
    R call() throws FileRouter.RoutingException, PeerException;
  }

  /** The answer of a file's call; empty ("not owner") when the key moved away while it was served. */
  private static <R> Optional<R> atOwner(AtOwner<R> call) {
    try {
      return Optional.of(call.call());
    } catch (FileRouter.RoutingException | PeerException e) {
      return Optional.empty();
    }
  }
}
