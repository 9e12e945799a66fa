package org.dhtfl.client.run;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.calibration.Candidate;
import org.dhtfl.client.calibration.FeatureScaling;
import org.dhtfl.client.calibration.HeadCalibrator;
import org.dhtfl.client.console.Progress;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.client.ring.EntryNode;
import org.dhtfl.client.ring.RingSession;
import org.dhtfl.client.ring.RingWalk;
import org.dhtfl.client.ring.ThriftJobRings;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.client.rounds.FileQueries;
import org.dhtfl.client.rounds.JobValues;
import org.dhtfl.client.rounds.RoundClock;
import org.dhtfl.client.rounds.RoundEngine;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.rounds.RoundJob;
import org.dhtfl.client.rounds.RoundOutcome;
import org.dhtfl.client.rounds.RoundPolicy;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
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
 * with the {@link RoundPolicy#rounds rounds policy}. With --calibrate-head, after every round the
 * {@link HeadCalibrator} refits the output layer from the nodes' class statistics and the run
 * delivers (saves, validates) whichever model classified the nodes' training rows best so far,
 * the start model and its refit head among them; training goes on from the trained model.
 */
public final class FederatedTraining {

  /**
   * What the run is given; {@code participation} chooses each round's files among all;
   * {@code calibrateHead}: after every round, the run delivers the best of the trained and the refit
   * heads so far ({@link HeadCalibrator}).
   */
  public record Settings(Path dataDir, Path validation, int maxFiles, int rounds, TrainingConfig training,
      double minFraction, Duration roundTimeout, StrategySettings strategy, Participation participation,
      boolean calibrateHead, boolean standardize, RpcSettings rpc) {

    /** On raw inputs. */
    public Settings(Path dataDir, Path validation, int maxFiles, int rounds, TrainingConfig training, double minFraction,
        Duration roundTimeout, StrategySettings strategy, Participation participation, boolean calibrateHead,
        RpcSettings rpc) {
      this(dataDir, validation, maxFiles, rounds, training, minFraction, roundTimeout, strategy, participation,
          calibrateHead, false, rpc);
    }

    /** These settings training {@code value}. */
    public Settings withTraining(TrainingConfig value) {
      return new Settings(dataDir, validation, maxFiles, rounds, value, minFraction, roundTimeout, strategy,
          participation, calibrateHead, standardize, rpc);
    }

    /** Whether the inputs must be standardised and the standardisation is not known yet. */
    public boolean needsStandardization() {
      return standardize && training.standardization().isEmpty();
    }
  }

  /** Told of every finished round with the global model and server state after it, before the next round starts. */
  @FunctionalInterface
  public interface RoundListener {
    void roundDone(Round round, Aggregate after) throws IOException;
  }

  /**
   * One round: its files, the validation error of the model it delivers (the calibrated choice, with
   * --calibrate-head), how long it took, and the calibration after it.
   */
  public record Round(int number, List<FileOutcome> files, int done, double validationError, long millis,
      Optional<HeadChoice> calibration) {

    public Round(int number, List<FileOutcome> files, int done, double validationError, long millis) {
      this(number, files, done, validationError, millis, Optional.empty());
    }
  }

  /**
   * A round's calibration, with the validation error of each candidate for the report (the choice
   * is made on the nodes' training rows alone).
   */
  public record HeadChoice(Calibration calibration, List<Double> validationErrors) {
    public HeadChoice {
      validationErrors = List.copyOf(validationErrors);
    }
  }

  /** The rounds this call ran (after the ones a resumed run had done) and the model the run delivers after them. */
  public record Outcome(String runId, List<Round> rounds, Weights model) {
  }

  /** What head calibration is called in the run's description. */
  public static final String CALIBRATED = "calibrated head";

  private final PrintStream out;
  private final Settings settings;
  private final Progress progress;

  public FederatedTraining(PrintStream out, Settings settings, Progress progress) {
    this.out = out;
    this.settings = settings;
    this.progress = progress;
  }

  /**
   * Runs the rounds from {@code firstRound} on; the global model and the strategy's state start as
   * {@code resumed} (those after round firstRound - 1) or, in a new run, as the seeded start weights
   * and no state; with --calibrate-head, {@code kept} is the model the run delivered after round
   * firstRound - 1. The run's jobs and queries show the nodes its {@code secret}, whose run id they
   * carry.
   */
  public Outcome run(NodeRef entry, RunSecret secret, int firstRound, Optional<Aggregate> resumed, Optional<Candidate> kept,
      RoundListener listener) throws IOException, RemoteException, InterruptedException, RoundFailed {
    String runId = secret.runId();
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    int features = CsvData.read(settings.dataDir().resolve(files.get(0)), settings.training().classes()).features();
    Dataset validation = settings.training().prepare(CsvData.read(settings.validation(), settings.training().classes(),
        features));
    Weights start = settings.training().startWeights(features);
    Weights global = resumed.isPresent() ? resumed.get().model() : start;
    ServerState state = resumed.map(Aggregate::state).orElse(ServerState.EMPTY);
    Optional<Candidate> delivered = kept;

    List<Round> rounds = new ArrayList<>();
    JobSpec spec = JobValues.spec(settings.training());
    try (RingSession ring = RingSession.open(entry, settings.rpc(), out)) {
      out.printf(Locale.ROOT, "Run %s: %d files%s, %d rounds, %s; %s%n", runId, files.size(),
          settings.participation().fraction() < 1 ? " (a share of " + settings.participation().fraction()
              + " each round)" : "", settings.rounds(), describe(settings.training()),
          settings.strategy().describe() + (settings.calibrateHead() ? "; " + CALIBRATED : ""));
      RoundPolicy policy = RoundPolicy.rounds(settings.roundTimeout(), settings.minFraction());
      RoundEngine engine = new RoundEngine(ThriftJobRings.submitJob(ring.owners(), secret), policy,
          settings.strategy().create(), progress, settings.dataDir(), ring.space(), RoundClock.system());
      HeadCalibrator calibrator = new HeadCalibrator(new FileQueries(ThriftJobRings.queries(ring.owners(), secret),
          policy, settings.dataDir(), RoundClock.system()), settings.minFraction(),
          JobValues.scaling(settings.training().standardization()));
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
        Optional<HeadChoice> choice = Optional.empty();
        if (settings.calibrateHead()) {
          choice = Optional.of(calibrate(calibrator, round, files, start, global, delivered, validation));
          delivered = Optional.of(choice.get().calibration().chosen().candidate());
        }
        double error = Trainer.errorRate(delivered.map(Candidate::model).orElse(global), validation);
        long millis = Duration.ofNanos(System.nanoTime() - started).toMillis();
        int done = outcome.results().size();
        Round finished = new Round(round, outcome.files(), done, error, millis, choice);
        rounds.add(finished);
        // On disk before the round is announced, so that whoever sees the line finds its model.
        listener.roundDone(finished, after);
        List<ClientFailure> failures = outcome.failures();
        out.printf(Locale.ROOT, "Round %d/%d: %d of %d files, validation error %.2f%%, %.2f s%s%n", round,
            settings.rounds(), done, chosen.size(), 100 * error, millis / 1000.0,
            failures.isEmpty() ? "" : ", " + failures.size() + " failed: " + failures.get(0).source() + ": "
                + failures.get(0).reason());
        choice.ifPresent(c -> printCalibration(c.calibration()));
      }
    }
    return new Outcome(runId, rounds, delivered.map(Candidate::model).orElse(global));
  }

  /**
   * The standardisation of the inputs of every file the run trains, from the sums their owners send
   * ({@link FeatureScaling}), asked with the run's secret.
   */
  public static Standardization standardization(NodeRef entry, Settings settings, RunSecret secret, PrintStream out)
      throws IOException, RemoteException, InterruptedException, RoundFailed {
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    int features = CsvData.read(settings.dataDir().resolve(files.get(0)), settings.training().classes()).features();
    try (RingSession ring = RingSession.open(entry, settings.rpc(), out)) {
      RoundPolicy policy = RoundPolicy.rounds(settings.roundTimeout(), settings.minFraction());
      FeatureScaling scaling = new FeatureScaling(new FileQueries(ThriftJobRings.queries(ring.owners(), secret),
          policy, settings.dataDir(), RoundClock.system()), settings.minFraction());
      Standardization s = scaling.gather(files, features, settings.training().classes());
      out.printf(Locale.ROOT, "Standardisation of the %d files' inputs from their owners' sums: means %s, "
          + "deviations %s%n", files.size(), brief(s.mean()), brief(s.scale()));
      return s;
    }
  }

  private static String brief(double[] values) {
    StringBuilder text = new StringBuilder();
    for (double value : values) {
      text.append(text.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3g", value));
    }
    return text.toString();
  }

  /**
   * The calibration after round {@code round}: the trained model's head refit (in round 1 the start
   * model's too) and the best candidate chosen, with every candidate's validation error for the report.
   */
  private static HeadChoice calibrate(HeadCalibrator calibrator, int round, List<String> files, Weights start,
      Weights trained, Optional<Candidate> delivered, Dataset validation)
      throws IOException, RemoteException, InterruptedException, RoundFailed {
    List<Candidate> refit = new ArrayList<>();
    if (round == 1) {
      refit.add(new Candidate("start model", start));
    }
    refit.add(new Candidate("round " + round + " model", trained));
    Calibration calibration = calibrator.calibrate(round, files, refit, delivered);
    return new HeadChoice(calibration, calibration.candidates().stream()
        .map(c -> Trainer.errorRate(c.candidate().model(), validation)).toList());
  }

  private void printCalibration(Calibration c) {
    StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
        "  head calibration, errors on the %d training rows of %d files:", c.chosen().rows(), c.files()));
    for (int i = 0; i < c.candidates().size(); i++) {
      Calibration.Scored s = c.candidates().get(i);
      line.append(String.format(Locale.ROOT, " %s %.2f%%%s;", s.candidate().label(), 100 * s.trainingError(),
          i == c.chosenIndex() ? " (chosen)" : ""));
    }
    line.setLength(line.length() - 1);
    out.println(line);
    c.notes().forEach(note -> out.println("  " + note));
    if (!c.failures().isEmpty()) {
      Map.Entry<String, String> first = c.failures().entrySet().iterator().next();
      out.printf("  %d files did not answer: %s: %s%n", c.failures().size(), first.getKey(), first.getValue());
    }
  }

  /**
   * The members as the ring now has them, so the client can fail over to any of them; true when
   * they changed.
   */
  private boolean refreshMembers(EntryNode node) {
    try {
      List<RingState> ring = RingWalk.walk(node.answering(), settings.rpc());
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

  public static String describe(TrainingConfig c) {
    TrainingOptions o = c.options();
    String step = o.optimizer() == Optimizer.SGD ? String.format(Locale.ROOT, "eta %s%s, momentum %s", o.eta(),
        o.etaPerRow() ? " per row" : "", o.momentum()) : "adam eta " + o.eta();
    return String.format(Locale.ROOT, "%s%s, %d epochs, %s%s, %s start seed %d%s%s%s",
        c.kind().name().toLowerCase(Locale.ROOT), c.hidden() > 0 ? " with " + ModelShape.layersLabel(c.layers())
            + " hidden units" : "",
        o.epochs(), o.batch() > 0 ? "batches of " + o.batch() + ", " : "", step,
        c.init().label(), c.seed(), o.earlyStop() ? ", early stop" : "",
        o.mu() > 0 ? ", proximal mu " + o.mu() : "", c.standardization().isPresent() ? ", standardised inputs" : "");
  }
}
