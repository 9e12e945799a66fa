package org.dhtfl.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.client.rounds.JobValues;
import org.dhtfl.client.rounds.RoundClock;
import org.dhtfl.client.rounds.RoundEngine;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.rounds.RoundJob;
import org.dhtfl.client.rounds.RoundOutcome;
import org.dhtfl.client.rounds.RoundPolicy;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.ClientFailure;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;

/**
 * Multi-round federated training on the ring. Each round sends every file's job, with the
 * current global model as its start, to the owner of the file's key; tracks every file until it
 * has that round's result (submitting it again when its owner lost it); aggregates the results
 * with the strategy into the next global model; and validates it. A round needs a given
 * fraction of the files within its deadline. Each round is one run of the {@link RoundEngine}
 * with the {@link RoundPolicy#rounds rounds policy}.
 */
final class FederatedTraining {

  /** What the run is given; {@code participation} chooses each round's files among all. */
  record Settings(Path dataDir, Path validation, int maxFiles, int rounds, TrainingConfig training,
      double minFraction, Duration roundTimeout, StrategySettings strategy, Participation participation,
      RpcSettings rpc) {
  }

  /** Told of every finished round with the global model and server state after it, before the next round starts. */
  @FunctionalInterface
  interface RoundListener {
    void roundDone(Round round, Aggregate after) throws IOException;
  }

  /** One round: its files, its validation error and how long it took. */
  record Round(int number, List<FileOutcome> files, int done, double validationError, long millis) {
  }

  /** The rounds this call ran (after the ones a resumed run had done) and the model after them. */
  record Outcome(String runId, List<Round> rounds, Weights model) {
  }

  private final PrintStream out;
  private final Settings settings;
  private final Progress progress;

  FederatedTraining(PrintStream out, Settings settings, Progress progress) {
    this.out = out;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs the rounds from {@code firstRound} on; the global model and the strategy's state start as
   * {@code resumed} (those after round firstRound - 1) or, in a new run, as the seeded start weights
   * and no state.
   */
  Outcome run(NodeRef entry, String runId, int firstRound, Optional<Aggregate> resumed, RoundListener listener)
      throws IOException, RemoteException, InterruptedException, RoundFailed {
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    int features = CsvData.read(settings.dataDir().resolve(files.get(0)), settings.training().classes()).features();
    Dataset validation = CsvData.read(settings.validation(), settings.training().classes(), features);
    Weights global = resumed.isPresent() ? resumed.get().model() : settings.training().startWeights(features);
    ServerState state = resumed.map(Aggregate::state).orElse(ServerState.EMPTY);

    List<Round> rounds = new ArrayList<>();
    JobSpec spec = JobValues.spec(settings.training());
    try (RingSession ring = RingSession.open(entry, settings.rpc(), out)) {
      out.printf(Locale.ROOT, "Run %s: %d files%s, %d rounds, %s; %s%n", runId, files.size(),
          settings.participation().fraction() < 1 ? " (a share of " + settings.participation().fraction()
              + " each round)" : "", settings.rounds(), describe(settings.training()), settings.strategy().describe());
      RoundEngine engine = new RoundEngine(ThriftJobRings.submitJob(ring.owners()),
          RoundPolicy.rounds(settings.roundTimeout(), settings.minFraction()), settings.strategy().create(), progress,
          settings.dataDir(), ring.space(), RoundClock.system());
      for (int round = firstRound; round <= settings.rounds(); round++) {
        if (round > firstRound && refreshMembers(ring.entry())) {
          ring.owners().clear();
        }
        long started = System.nanoTime();
        List<String> chosen = settings.participation().choose(files, round);
        RoundOutcome outcome;
        try {
          outcome = engine.run(new RoundJob(runId, round, chosen, spec, Optional.of(global), state));
        } finally {
          progress.done();
        }
        Aggregate after = outcome.aggregate().orElseThrow();
        global = after.model();
        state = after.state();
        double error = Trainer.errorRate(global, validation);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        int done = outcome.results().size();
        Round finished = new Round(round, outcome.files(), done, error, millis);
        rounds.add(finished);
        // On disk before the round is announced, so that whoever sees the line finds its model.
        listener.roundDone(finished, after);
        List<ClientFailure> failures = outcome.failures();
        out.printf(Locale.ROOT, "Round %d/%d: %d of %d files, validation error %.2f%%, %.2f s%s%n", round,
            settings.rounds(), done, chosen.size(), 100 * error, millis / 1000.0,
            failures.isEmpty() ? "" : ", " + failures.size() + " failed: " + failures.get(0).source() + ": "
                + failures.get(0).reason());
      }
    }
    return new Outcome(runId, rounds, global);
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
    } catch (RemoteException e) {
      // Keep the members known so far; the entry fails over among them.
      return true;
    }
  }

  static String describe(TrainingConfig c) {
    return String.format(Locale.ROOT, "%s%s, %d epochs, eta %s%s, momentum %s, %s start seed %d%s%s",
        c.kind().name().toLowerCase(Locale.ROOT), c.hidden() > 0 ? " with " + c.hidden() + " hidden units" : "",
        c.options().epochs(), c.options().eta(), c.options().etaPerRow() ? " per row" : "", c.options().momentum(),
        c.init().label(), c.seed(), c.options().earlyStop() ? ", early stop" : "",
        c.options().mu() > 0 ? ", proximal mu " + c.options().mu() : "");
  }
}
