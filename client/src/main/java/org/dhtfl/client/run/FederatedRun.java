package org.dhtfl.client.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dhtfl.client.console.ProgressBar;
import org.dhtfl.client.console.WaitingLines;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.client.ring.Entry;
import org.dhtfl.client.ring.RingSession;
import org.dhtfl.client.ring.RingSettling;
import org.dhtfl.client.ring.ThriftJobRings;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.client.rounds.JobValues;
import org.dhtfl.client.rounds.RoundClock;
import org.dhtfl.client.rounds.RoundEngine;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.rounds.RoundJob;
import org.dhtfl.client.rounds.RoundOutcome;
import org.dhtfl.client.rounds.RoundPolicy;
import org.dhtfl.client.rounds.RoundReporter;
import org.dhtfl.client.watch.RunListener;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;

/**
 * The reference client's job, done right: submit every file through one entry node with
 * put_data, poll get_model until each is done, average the weight changes weighted by rows, add
 * them to the start weights, validate, and report. One round of the {@link RoundEngine} with the
 * {@link RoundPolicy#reference reference policy}.
 */
public final class FederatedRun {

  /**
   * What the run is given; the strategy averages the files (the reference: FedAvg).
   *
   * @param timings whether the run ends with a line of where its time went ({@link JobTimings})
   */
  public record Settings(Path dataDir, Path validation, int maxFiles, Duration timeout, AggregationStrategy strategy,
      RpcSettings rpc, boolean timings) {
  }

  private final PrintStream out;
  private final Settings settings;
  private final Optional<String> entryAddress;
  private final Optional<ProgressBar> bar;
  private final RunListener listener;
  private final JobTimings timings = new JobTimings();

  /**
   * @param entryAddress "host:port" of the node to enter through; without it, the supernode's pick
   * @param bar the progress bar, when a person watches a terminal
   * @param listener hears the run's progress (the live page, the metrics)
   */
  public FederatedRun(PrintStream out, Settings settings, Optional<String> entryAddress, Optional<ProgressBar> bar,
      RunListener listener) {
    this.out = out;
    this.settings = settings;
    this.entryAddress = entryAddress;
    this.bar = bar;
    this.listener = listener;
  }

  /** Returns 0 when every file was trained and the model validated, else 1. */
  public int run(String supernodeHost, int supernodePort)
      throws IOException, RemoteException, RoundFailed, InterruptedException {
    timings.started();
    long started = System.nanoTime();
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    NodeRef entry = Entry.find(supernodeHost, supernodePort, entryAddress, settings.rpc());
    RingSettling.await(supernodeHost, supernodePort, entry, settings.rpc());
    listener.started(JobKey.REFERENCE_RUN, "reference", 1);
    RoundOutcome outcome;
    try (RingSession ring = RingSession.open(entry, settings.rpc(), out)) {
      long walked = System.nanoTime();
      timings.add(JobTimings.Phase.RING_WALK, walked - started);
      WaitingLines waiting = new WaitingLines(out, ring.entry()::node, bar);
      RoundEngine engine = new RoundEngine(timings.timed(ThriftJobRings.putData(ring.owners())),
          RoundPolicy.reference(settings.timeout()), settings.strategy(), RoundReporter.both(waiting, listener),
          settings.dataDir(), ring.space(), RoundClock.system());
      try {
        outcome = engine.run(RoundJob.reference(files, JobValues.spec(TrainingConfig.defaults())));
      } finally {
        waiting.done();
      }
      timings.collected(System.nanoTime() - walked);
    }
    long collectedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    int status = report(outcome, collectedMs);
    if (settings.timings()) {
      out.println(timings.line());
    }
    return status;
  }

  private int report(RoundOutcome outcome, long collectedMs) throws IOException {
    out.println("Training results:");
    out.printf("  %-20s %5s %5s %6s %6s %9s%n", "file", "key", "node", "rows", "epochs", "error");
    for (FileOutcome f : outcome.files()) {
      JobResult r = f.result();
      if (r.status() != JobStatus.DONE) {
        out.printf("  %-20s %5d %5s  %s: %s%n", f.file(), f.key(), node(r), r.status().wireName(), r.reason());
        continue;
      }
      // A file trained from other start weights is among the failures, without a line here.
      Optional<ClientResult> trained = outcome.contribution(f.file());
      if (trained.isPresent()) {
        out.printf(Locale.ROOT, "  %-20s %5d %5s %6d %6d %8.2f%%%n", f.file(), f.key(), node(r),
            trained.get().rows(), r.epochs(), 100 * r.errorRate());
      }
    }
    int done = outcome.results().size();
    out.printf(Locale.ROOT, "Collected %d of %d results in %.2f s%n", done, outcome.files().size(),
        collectedMs / 1000.0);
    if (outcome.model().isEmpty()) {
      out.println("No file was trained: nothing to validate");
      return 1;
    }
    Weights global = outcome.model().get();
    long validating = System.nanoTime();
    Dataset validation = CsvData.read(settings.validation(), global.shape().classes(), global.shape().inputs());
    double error = Trainer.errorRate(global, validation);
    timings.add(JobTimings.Phase.VALIDATION, System.nanoTime() - validating);
    listener.roundDone(1, done, error, collectedMs);
    out.printf(Locale.ROOT, "Final validation error: %.2f%%%n", 100 * error);
    if (!outcome.failures().isEmpty()) {
      out.printf("%d files failed; the model averages the other %d%n", outcome.failures().size(), done);
      return 1;
    }
    return 0;
  }

  /** The node that answered for the file, or "-" when none did. */
  static String node(JobResult result) {
    return result.trainedBy().isPresent() ? String.valueOf(result.trainedBy().getAsInt()) : "-";
  }
}
