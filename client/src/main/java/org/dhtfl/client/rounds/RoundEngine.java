package org.dhtfl.client.rounds;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ClientFailure;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.rpc.RemoteException;

/**
 * Runs one round of training on the ring, the same loop for the reference job and for --rounds
 * (their differences are a {@link RoundPolicy}): sends every file's job; polls the files (each
 * owner once per pass, where the ring can) until each has its result, sending a lost job again (with the file's bytes when its owner asks for
 * them); gives up on the files left at the deadline; and aggregates the finished files, in name
 * order, with the strategy.
 */
public final class RoundEngine {

  private final JobRing ring;
  private final RoundPolicy policy;
  private final AggregationStrategy strategy;
  private final RoundReporter reporter;
  private final IdSpace space;
  private final RoundClock clock;
  private final FileRows fileRows;

  /** The longest one pass of reads may wait at the owners for training to end (a ring that {@link JobRing#waits}). */
  static final Duration MAX_POLL_WAIT = Duration.ofSeconds(2);

  /**
   * @param dataDir where the files are, for an owner that needs their bytes and for results that
   *                do not say how many rows they trained
   */
  public RoundEngine(JobRing ring, RoundPolicy policy, AggregationStrategy strategy, RoundReporter reporter,
      Path dataDir, IdSpace space, RoundClock clock) {
    this.ring = Objects.requireNonNull(ring, "ring");
    this.policy = Objects.requireNonNull(policy, "policy");
    this.strategy = Objects.requireNonNull(strategy, "strategy");
    this.reporter = Objects.requireNonNull(reporter, "reporter");
    this.fileRows = new FileRows(Objects.requireNonNull(dataDir, "data dir"));
    this.space = Objects.requireNonNull(space, "space");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  /**
   * Runs the round.
   *
   * @throws RemoteException when the ring refused a job, or no member answered and the policy does
   *                         not ride out outages
   * @throws RoundFailed     when fewer files than the policy's minimum fraction were trained
   * @throws IOException     when a file the ring asked for cannot be read
   */
  public RoundOutcome run(RoundJob job) throws IOException, RemoteException, RoundFailed, InterruptedException {
    Map<String, FileOutcome> finished = collect(job);
    return aggregate(job, finished);
  }

  /** Sends every file's job and polls until each has its final result, or the deadline passes. */
  private Map<String, FileOutcome> collect(RoundJob job) throws IOException, RemoteException, InterruptedException {
    Map<String, Integer> submissions = new HashMap<>();
    Map<String, List<String>> rejected = new HashMap<>();
    submit(job, job.files(), submissions, false);
    reporter.submitted(job.round(), job.files());
    Map<String, FileOutcome> finished = new HashMap<>();
    Set<String> pending = new LinkedHashSet<>(job.files());
    // Shown before the first read, which may wait at the owners until their files are trained.
    reporter.pending(pending, job.files().size());
    long deadline = clock.nanoTime() + policy.deadline().toNanos();
    long pauseMs = policy.backoff().firstMs();
    while (!pending.isEmpty() && clock.nanoTime() < deadline) {
      boolean moved = false;
      List<String> polling = List.copyOf(pending);
      List<Optional<JobResult>> answers = poll(job, polling, Duration.ofNanos(Math.min(MAX_POLL_WAIT.toNanos(),
          Math.max(0, deadline - clock.nanoTime()))));
      for (int i = 0; i < polling.size(); i++) {
        String file = polling.get(i);
        Optional<JobResult> polled = answers.get(i);
        if (polled.isEmpty() || polled.get().status() == JobStatus.WAIT) {
          continue;
        }
        JobResult result = polled.get();
        if (lost(result) && submissions.get(file) < policy.maxSubmissions()) {
          submit(job, List.of(file), submissions, false);
          continue;
        }
        Optional<String> wrong = result.status() == JobStatus.DONE ? ResultCheck.mismatch(job, result, rows(file)) : Optional.empty();
        if (wrong.isPresent()) {
          String by = result.trainedBy().isPresent() ? "node " + result.trainedBy().getAsInt() : "a node";
          rejected.computeIfAbsent(file, f -> new ArrayList<>()).add("from " + by + ": " + wrong.get());
          if (submissions.get(file) < policy.maxSubmissions()) {
            // Nothing a node says is believed: the owner trains the file again in its place.
            submit(job, List.of(file), submissions, true);
            continue;
          }
          result = JobResult.failedHere(file, "rejected result: " + wrong.get());
        }
        finished.put(file, new FileOutcome(file, space.keyOf(file), result, submissions.get(file),
            rejected.getOrDefault(file, List.of())));
        pending.remove(file);
        moved = true;
        reporter.finished(finished.size(), job.files().size());
      }
      if (!pending.isEmpty()) {
        reporter.pending(pending, job.files().size());
        if (moved && ring.waits()) {
          // The ring's reads wait for training themselves: the next pass reads at once.
          continue;
        }
        if (moved && policy.backoff().afterProgressMs().isPresent()) {
          pauseMs = policy.backoff().afterProgressMs().getAsLong();
        }
        clock.pause(pauseMs);
        pauseMs = policy.backoff().after(pauseMs);
      }
    }
    for (String file : pending) {
      JobResult missing = JobResult.failedHere(file, "no result within " + policy.deadline().toSeconds() + " s");
      finished.put(file, new FileOutcome(file, space.keyOf(file), missing, submissions.get(file),
          rejected.getOrDefault(file, List.of())));
    }
    return finished;
  }

  /** The file's rows, counted once per engine. */
  private int rows(String file) throws IOException {
    return fileRows.count(file);
  }

  /** Whether the job is gone from its owner (or, if the policy says so, turned away busy): worth sending again. */
  private boolean lost(JobResult result) {
    return result.status() == JobStatus.NOT_FOUND
        || policy.retryBusy() && result.isBusy();
  }

  /**
   * Sends the files' jobs (to each owner at once, where the ring can); then, to the owners that need
   * a file, the file's job again with the file's bytes. With {@code retrain}, the owner trains it
   * again in place of the result the client rejected.
   */
  private void submit(RoundJob job, List<String> files, Map<String, Integer> submissions, boolean retrain)
      throws IOException, RemoteException {
    List<JobRequest> requests = new ArrayList<>();
    for (String file : files) {
      submissions.merge(file, 1, Integer::sum);
      requests.add(new JobRequest(job.key(file), job.spec(), job.start().map(JobValues::rows), Optional.empty(),
          retrain));
    }
    List<Attempt<SubmitAnswer>> answers = ring.submitAll(requests);
    List<JobRequest> withData = new ArrayList<>();
    for (int i = 0; i < requests.size(); i++) {
      JobRequest request = requests.get(i);
      try {
        if (answers.get(i).get() == SubmitAnswer.NEED_DATA) {
          withData.add(request.withData(fileRows.bytes(request.key().filename())));
        }
      } catch (RemoteException e) {
        failedSubmission(request, e);
      }
    }
    if (withData.isEmpty()) {
      return;
    }
    List<Attempt<SubmitAnswer>> again = ring.submitAll(withData);
    for (int i = 0; i < withData.size(); i++) {
      try {
        again.get(i).get();
      } catch (RemoteException e) {
        failedSubmission(withData.get(i), e);
      }
    }
  }

  /**
   * A job the ring did not take: a refusal ends the run, as does an outage unless the policy rides
   * them out (then polling finds the job missing and sends it again).
   */
  private void failedSubmission(JobRequest request, RemoteException e) throws RemoteException {
    if (e.kind() == RemoteException.Kind.REFUSED) {
      throw new RemoteException(e.kind(), "the ring refused job " + request.key() + ": " + detail(e), e);
    }
    if (!policy.rideOutOutages()) {
      throw e;
    }
  }

  /**
   * The jobs' results, in the files' order; empty where no answer came and the policy rides out
   * outages. A finished result whose weights do not make a model is a failure of the file.
   */
  private List<Optional<JobResult>> poll(RoundJob job, List<String> files, Duration wait) throws RemoteException {
    List<Attempt<JobResult>> attempts = ring.pollAll(files.stream().map(job::key).toList(), wait);
    List<Optional<JobResult>> results = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      results.add(checked(files.get(i), attempts.get(i)));
    }
    return results;
  }

  private Optional<JobResult> checked(String file, Attempt<JobResult> attempt) throws RemoteException {
    JobResult result;
    try {
      result = attempt.get();
    } catch (RemoteException e) {
      if (e.kind() == RemoteException.Kind.MALFORMED) {
        return Optional.of(malformed(file, detail(e)));
      }
      if (policy.rideOutOutages()) {
        return Optional.empty();
      }
      throw e;
    }
    try {
      if (result.status() == JobStatus.DONE) {
        delta(result);
        StartWeights.parse(result.init());
      }
      return Optional.of(result);
    } catch (IllegalArgumentException e) {
      return Optional.of(malformed(file, e.getMessage()));
    }
  }

  /** Adds the finished files' changes, in name order, to the start model with the strategy. */
  private RoundOutcome aggregate(RoundJob job, Map<String, FileOutcome> finished) throws IOException, RoundFailed {
    List<FileOutcome> outcomes = new ArrayList<>();
    List<ClientResult> results = new ArrayList<>();
    List<ClientFailure> failures = new ArrayList<>();
    Optional<Weights> start = job.start();
    for (String file : job.files()) {
      FileOutcome outcome = finished.get(file);
      outcomes.add(outcome);
      JobResult r = outcome.result();
      if (r.status() != JobStatus.DONE) {
        failures.add(new ClientFailure(file, r.reason()));
        continue;
      }
      Weights delta = ResultCheck.delta(job, r);
      if (job.start().isEmpty()) {
        Weights drawn = StartWeights.parse(r.init()).draw(delta.shape(), r.seed());
        if (start.isEmpty()) {
          start = Optional.of(drawn);
        } else if (!start.get().equals(drawn)) {
          failures.add(new ClientFailure(file, "trained from other start weights (model or seed differ)"));
          continue;
        }
      }
      results.add(new ClientResult(file, delta, rows(file)));
    }
    Map<String, String> beyond = ChangeBound.beyond(results);
    results.removeIf(r -> beyond.containsKey(r.source()));
    beyond.forEach((file, reason) -> failures.add(new ClientFailure(file, reason)));
    double fraction = (double) results.size() / job.files().size();
    if (fraction < policy.minFraction()) {
      throw new RoundFailed(String.format(Locale.ROOT,
          "round %d: %d of %d files trained within %d s, fewer than --min-fraction %.2f", job.round(),
          results.size(), job.files().size(), policy.deadline().toSeconds(), policy.minFraction()));
    }
    Optional<Aggregate> aggregate = start.map(s -> strategy.aggregate(s, job.state(), results, failures));
    return new RoundOutcome(job.round(), outcomes, results, failures, aggregate);
  }

  private static JobResult malformed(String file, String detail) {
    return JobResult.failedHere(file, "malformed result: " + detail);
  }

  /** The reason a remote failure carries: the peer's own words when it gave some. */
  static String detail(RemoteException e) {
    Throwable cause = e.getCause();
    return cause != null && cause.getMessage() != null ? cause.getMessage() : e.getMessage();
  }

  private static Weights delta(JobResult result) {
    return JobValues.weights(result.delta().orElseThrow());
  }
}
