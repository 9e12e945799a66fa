package org.dhtfl.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.chord.IdSpace;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.RingState;
import org.dhtfl.ml.AggregationStrategy;
import org.dhtfl.ml.ClientFailure;
import org.dhtfl.ml.ClientResult;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.FileRouter;
import org.dhtfl.node.JobKey;
import org.dhtfl.node.JobResult;
import org.dhtfl.node.JobStatus;
import org.dhtfl.node.TrainingConfig;
import org.dhtfl.node.TrainingJobs;
import org.dhtfl.rpc.JobMessages;
import org.dhtfl.rpc.ModelMessages;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Unavailable;

/**
 * Multi-round federated training on the ring. Each round sends every file's job, with the
 * current global model as its start, to the owner of the file's key; tracks every file until it
 * has that round's result (submitting it again when its owner lost it); aggregates the results
 * with the strategy into the next global model; and validates it. A round needs a given
 * fraction of the files within its deadline.
 */
final class FederatedTraining {

  /** What the run is given. */
  record Settings(Path dataDir, Path validation, int maxFiles, int rounds, TrainingConfig training,
      double minFraction, Duration roundTimeout, AggregationStrategy strategy, RpcSettings rpc) {
  }

  /** One file's outcome in one round. */
  record FileOutcome(String file, int key, JobResult result, int submissions) {
  }

  /** One round: its files, its validation error and how long it took. */
  record Round(int number, List<FileOutcome> files, int done, double validationError, long millis) {
  }

  /** The whole run. */
  record Outcome(String runId, List<Round> rounds, Weights model) {
    double finalError() {
      return rounds.get(rounds.size() - 1).validationError();
    }
  }

  /** The run could not go on; the message says why. */
  static final class RunFailed extends Exception {
    private static final long serialVersionUID = 1L;

    RunFailed(String message) {
      super(message);
    }
  }

  private static final int MAX_SUBMISSIONS = 6;
  private static final long MAX_POLL_MS = 200;

  private final PrintStream out;
  private final Settings settings;
  private final Progress progress;

  FederatedTraining(PrintStream out, Settings settings, Progress progress) {
    this.out = out;
    this.settings = settings;
    this.progress = progress;
  }

  Outcome run(NodeRef entry, String runId) throws IOException, TException, InterruptedException, RunFailed {
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    int features = CsvData.read(settings.dataDir().resolve(files.get(0)), settings.training().classes()).features();
    Dataset validation = CsvData.read(settings.validation(), settings.training().classes(), features);
    Weights global = settings.training().startWeights(features);

    List<RingState> ring = RingWalk.walk(entry, settings.rpc());
    IdSpace space = new IdSpace(ring.get(0).bits());
    out.printf("Connected to node %d at %s%n", entry.id(), entry.address());
    RingWalk.print(out, ring);
    out.printf(Locale.ROOT, "Run %s: %d files, %d rounds, %s%n", runId, files.size(), settings.rounds(),
        describe(settings.training()));

    List<Round> rounds = new ArrayList<>();
    try (EntryNode node = new EntryNode(RingWalk.members(entry, ring), settings.rpc());
        Owners owners = new Owners(node, settings.rpc(), space)) {
      for (int round = 1; round <= settings.rounds(); round++) {
        if (round > 1 && refreshMembers(node)) {
          owners.clear();
        }
        long started = System.nanoTime();
        Map<String, FileOutcome> outcomes = runRound(owners, runId, round, files, global, space);
        List<ClientResult> results = new ArrayList<>();
        List<ClientFailure> failures = new ArrayList<>();
        for (FileOutcome o : outcomes.values()) {
          if (o.result().status() == JobStatus.DONE) {
            results.add(new ClientResult(o.file(), o.result().delta().orElseThrow(), o.result().rows()));
          } else {
            failures.add(new ClientFailure(o.file(), o.result().reason()));
          }
        }
        double fraction = (double) results.size() / files.size();
        if (fraction < settings.minFraction()) {
          throw new RunFailed(String.format(Locale.ROOT,
              "round %d: %d of %d files trained within %d s, fewer than --min-fraction %.2f", round, results.size(),
              files.size(), settings.roundTimeout().toSeconds(), settings.minFraction()));
        }
        global = settings.strategy().aggregate(global, results, failures);
        double error = Trainer.errorRate(global, validation);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        rounds.add(new Round(round, List.copyOf(outcomes.values()), results.size(), error, millis));
        progress.done();
        out.printf(Locale.ROOT, "Round %d/%d: %d of %d files, validation error %.2f%%, %.2f s%s%n", round,
            settings.rounds(), results.size(), files.size(), 100 * error, millis / 1000.0,
            failures.isEmpty() ? "" : ", " + failures.size() + " failed: " + failures.get(0).source() + ": "
                + failures.get(0).reason());
      }
    }
    return new Outcome(runId, rounds, global);
  }

  /** Sends every file's job and polls until each has its result, or the round's time is up. */
  private Map<String, FileOutcome> runRound(Owners node, String runId, int round, List<String> files,
      Weights global, IdSpace space) throws IOException, InterruptedException {
    Map<String, FileOutcome> done = new LinkedHashMap<>();
    Map<String, Integer> submissions = new LinkedHashMap<>();
    List<String> pending = new ArrayList<>(files);
    for (String file : files) {
      submit(node, new JobKey(runId, round, file), global, submissions);
    }
    long deadline = System.nanoTime() + settings.roundTimeout().toNanos();
    long pollMs = 5;
    progress.start(round, settings.rounds(), files.size());
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      boolean moved = false;
      for (String file : List.copyOf(pending)) {
        JobKey key = new JobKey(runId, round, file);
        JobResult result = poll(node, key);
        if (result == null || result.status() == JobStatus.WAIT) {
          continue;
        }
        boolean retry = result.status() == JobStatus.NOT_FOUND
            || result.status() == JobStatus.FAILED && result.reason().contains("busy");
        if (retry && submissions.getOrDefault(file, 0) < MAX_SUBMISSIONS) {
          submit(node, key, global, submissions);
          continue;
        }
        done.put(file, new FileOutcome(file, space.keyOf(file), result, submissions.getOrDefault(file, 0)));
        pending.remove(file);
        moved = true;
        progress.update(done.size());
      }
      if (!pending.isEmpty()) {
        pollMs = moved ? 5 : Math.min(MAX_POLL_MS, pollMs * 2);
        Thread.sleep(pollMs);
      }
    }
    for (String file : pending) {
      done.put(file, new FileOutcome(file, space.keyOf(file), JobResult.failed(file, -1, "no result within "
          + settings.roundTimeout().toSeconds() + " s"), submissions.getOrDefault(file, 0)));
    }
    Map<String, FileOutcome> ordered = new LinkedHashMap<>();
    files.forEach(f -> ordered.put(f, done.get(f)));
    return ordered;
  }

  /** Submits the job; when the owner has no such file, again with the file's bytes. */
  private void submit(Owners node, JobKey key, Weights start, Map<String, Integer> submissions)
      throws IOException {
    submissions.merge(key.filename(), 1, Integer::sum);
    TrainingJobs.Request request = new TrainingJobs.Request(key, settings.training(), Optional.of(start),
        Optional.empty());
    try {
      String answer = node.call(key.filename(), c -> c.submit_job(JobMessages.toThrift(request), List.of()));
      if (FileRouter.NEED_DATA.equals(answer)) {
        byte[] bytes = Files.readAllBytes(settings.dataDir().resolve(key.filename()));
        TrainingJobs.Request withData = new TrainingJobs.Request(key, settings.training(), Optional.of(start),
            Optional.of(bytes));
        node.call(key.filename(), c -> c.submit_job(JobMessages.toThrift(withData), List.of()));
      }
    } catch (InvalidRequest e) {
      throw new IOException("the ring refused job " + key + ": " + e.getMessage());
    } catch (Unavailable | TTransportException e) {
      // The owner is changing or unreachable; polling finds the job missing and sends it again.
    } catch (TException e) {
      // Likewise.
    }
  }

  private JobResult poll(Owners node, JobKey key) {
    try {
      return ModelMessages.fromThrift(key.filename(), node.call(key.filename(),
          c -> c.job_result(JobMessages.toThrift(key), List.of())));
    } catch (IllegalArgumentException e) {
      return JobResult.failed(key.filename(), -1, "malformed result: " + e.getMessage());
    } catch (TException e) {
      return null;
    }
  }

  /**
   * The members as the ring now has them, so the client can fail over to any of them; true when
   * they changed.
   */
  private boolean refreshMembers(EntryNode node) {
    try {
      List<RingState> ring = RingWalk.walk(node.node(), settings.rpc());
      List<NodeRef> now = ring.stream().map(RingState::self).toList();
      boolean changed = !now.equals(node.candidates());
      if (changed) {
        RingWalk.print(out, ring);
      }
      node.replaceCandidates(now);
      return changed;
    } catch (TException e) {
      // Keep the members known so far; the entry fails over among them.
      return true;
    }
  }

  static String describe(TrainingConfig c) {
    return String.format(Locale.ROOT, "%s%s, %d epochs, eta %s%s, momentum %s, %s start seed %d%s",
        c.kind().name().toLowerCase(Locale.ROOT), c.hidden() > 0 ? " with " + c.hidden() + " hidden units" : "",
        c.options().epochs(), c.options().eta(), c.options().etaPerRow() ? " per row" : "", c.options().momentum(),
        c.init().label(), c.seed(), c.options().earlyStop() ? ", early stop" : "");
  }
}
