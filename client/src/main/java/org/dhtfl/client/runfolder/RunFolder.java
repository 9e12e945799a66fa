package org.dhtfl.client.runfolder;

import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dhtfl.cli.Version;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.calibration.Candidate;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.client.report.AtomicFiles;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.plot.LinePlot;
import org.dhtfl.rpc.RpcSettings;

/**
 * The folder of a --rounds run ({@code --out DIR}). After every round, each file replaced
 * atomically, in this order:
 * <ul>
 *   <li>{@code run.json}: what {@code --resume DIR} continues from: the version, every option, the
 *       run id, the start time, the rounds done, and the global model and the strategy's server
 *       state (momentum, moments: named arrays) after the last of them; with --calibrate-head also
 *       the model the run delivers ({@code calibrated}: its label and weights);</li>
 *   <li>{@code model.txt}: the model the run delivers: that global model, or with --calibrate-head
 *       the calibrated choice (reports/model-format.md);</li>
 *   <li>{@code report.json}: run.json without the model and server state, with the run's status ({@code running},
 *       {@code finished} or {@code failed} and why);</li>
 *   <li>{@code validation-error.png}: the validation error per round.</li>
 * </ul>
 * Beside them, written once when the run starts and readable by its owner alone, {@code run.secret}:
 * the run's secret, without which no node takes the run's jobs, results or queries; the run id is
 * derived from it ({@link RunSecret}).
 * A run killed at any moment leaves a run.json of its last finished round, so a resumed run
 * trains exactly the rounds that are missing, from exactly the model and server state they would
 * have started from.
 */
public final class RunFolder {

  public static final String STATE = "run.json";
  public static final String MODEL = "model.txt";
  public static final String REPORT = "report.json";
  public static final String PLOT = "validation-error.png";
  public static final String SECRET = SecretFile.NAME;
  private static final int FORMAT = 1;

  private final Path dir;
  private final RunSecret secret;
  /** What report.json holds: run.json without the models and the server state. */
  private RunFile state;
  private Optional<Aggregate> last;
  private Optional<Candidate> calibrated;
  /** The standardisation the run's models take their inputs through, once known. */
  private Optional<Standardization> standardization;

  private RunFolder(Path dir, RunSecret secret, RunFile state, Optional<Aggregate> last,
      Optional<Candidate> calibrated) {
    this.dir = dir;
    this.secret = secret;
    this.state = state;
    this.last = last;
    this.calibrated = calibrated;
    this.standardization = state.options() == null ? Optional.empty() : state.options().standardization();
  }

  /** Records the run's options anew, now that they are complete (the standardisation gathered), and writes the folder. */
  public void recordOptions(FederatedTraining.Settings settings) throws IOException {
    state = state.withOptions(RunOptions.of(settings));
    standardization = settings.training().standardization();
    write();
  }

  /**
   * A new run in {@code dir} (made if missing). A folder that already holds a run is refused, so no
   * run overwrites another's results.
   */
  public static RunFolder start(Path dir, RunSecret secret, FederatedTraining.Settings settings, Instant started)
      throws IOException {
    if (Files.exists(dir.resolve(STATE))) {
      throw new IOException(dir + " already holds a run (" + dir.resolve(STATE)
          + "); continue it with --resume " + dir + " or choose another --out");
    }
    Files.createDirectories(dir);
    SecretFile.write(dir, secret);
    RunFile state = new RunFile(FORMAT, Version.current(), secret.runId(), started.toString(),
        RunOptions.of(settings), List.of(), "running", List.of(), null, null, null, null, null, null);
    return new RunFolder(dir, secret, state, Optional.empty(), Optional.empty());
  }

  /** The run recorded in {@code dir}, to continue it. */
  public static RunFolder resume(Path dir, Instant now) throws IOException {
    Path file = dir.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + " holds no run to resume: " + file + " does not exist");
    }
    RunFile read;
    try {
      read = RunFile.JSON.readValue(file.toFile(), RunFile.class);
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not a run state (" + e.getOriginalMessage() + ")", e);
    }
    if (read.format() != FORMAT) {
      throw new IOException(file + ": not a run state of format " + FORMAT);
    }
    Optional<Aggregate> last = Optional.empty();
    if (read.model() != null) {
      last = Optional.of(new Aggregate(weights(read.model(), file, "model"), serverState(read.serverState(), file)));
    }
    Optional<Candidate> calibrated = Optional.empty();
    if (read.calibrated() != null) {
      if (read.calibrated().label() == null) {
        throw new IOException(file + ": calibrated: 'label' is missing");
      }
      calibrated = Optional.of(new Candidate(read.calibrated().label(),
          weights(read.calibrated().model(), file, "calibrated: model")));
    }
    Optional<RunSecret> kept = SecretFile.read(dir, read.run());
    RunSecret secret = kept.isPresent() ? kept.get() : RunSecret.generate(new SecureRandom());
    String newRunId = kept.isPresent() ? null : secret.runId();
    if (newRunId != null) {
      SecretFile.write(dir, secret);
    }
    RunFile state = read.withModels(null, null, null)
        .resumedAt(new RunFile.Resumption(now.toString(), read.rounds().size(), Version.current(), newRunId))
        .withRun(secret.runId())
        .withStatus("running", null);
    RunFolder folder = new RunFolder(dir, secret, state, last, calibrated);
    if (newRunId != null) {
      // run.json names the new run before any node hears of it, as run.secret holds its secret.
      folder.write();
    }
    return folder;
  }

  /** The run's secret, which the ring access shows to the nodes. */
  public RunSecret secret() {
    return secret;
  }

  public String runId() {
    return state.run();
  }

  /** How many rounds are done; the next is this plus one. */
  public int roundsDone() {
    return state.rounds().size();
  }

  /** The global model and server state after the last round done, if one is. */
  public Optional<Aggregate> last() {
    return last;
  }

  /** With --calibrate-head, the model the run delivered after the last round done, if one is. */
  public Optional<Candidate> calibrated() {
    return calibrated;
  }

  /** The run's settings as recorded. */
  public FederatedTraining.Settings settings(RpcSettings rpc) throws IOException {
    try {
      if (state.options() == null) {
        throw new IllegalArgumentException("missing");
      }
      return state.options().settings(rpc);
    } catch (RuntimeException e) {
      throw new IOException(dir.resolve(STATE) + ": options: " + e.getMessage(), e);
    }
  }

  /** Records a finished round with the global model and server state after it, and writes the folder. */
  public void roundDone(FederatedTraining.Round round, Aggregate after, boolean finalRound) throws IOException {
    last = Optional.of(after);
    RunFile.ChosenHead chosenHead = state.calibration();
    if (round.calibration().isPresent()) {
      Calibration.Scored chosen = round.calibration().get().calibration().chosen();
      calibrated = Optional.of(chosen.candidate());
      chosenHead = new RunFile.ChosenHead(chosen.candidate().label(), chosen.trainingError(), round.validationError());
    }
    state = state.withRound(RoundRecord.of(round), chosenHead,
        finalRound ? Double.valueOf(round.validationError()) : state.finalValidationError());
    if (finalRound) {
      state = state.withStatus("finished", state.failure());
    }
    write();
  }

  /** Records why the run ended early; the last good model stays. */
  public void failed(String reason) throws IOException {
    state = state.withStatus("failed", reason);
    write();
  }

  public Path dir() {
    return dir;
  }

  private void write() throws IOException {
    Files.createDirectories(dir);
    writeJson(dir.resolve(STATE), state.withModels(last.map(a -> ModelRecord.of(a.model())).orElse(null),
        last.map(a -> a.state().asMap()).orElse(null),
        calibrated.map(c -> new ModelRecord.Calibrated(c.label(), ModelRecord.of(c.model()))).orElse(null)));
    Optional<Weights> delivered = calibrated.map(Candidate::model).or(() -> last.map(Aggregate::model));
    if (delivered.isPresent()) {
      ModelFile.save(new StoredModel(delivered.get(), standardization), dir.resolve(MODEL));
    }
    writeJson(dir.resolve(REPORT), state);
    writePlot();
  }

  private static void writeJson(Path file, RunFile json) throws IOException {
    byte[] bytes = (RunFile.JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.replace(file, temporary -> Files.write(temporary, bytes));
  }

  private void writePlot() throws IOException {
    List<RoundRecord> rounds = state.rounds();
    if (rounds.isEmpty()) {
      return;
    }
    double[] x = new double[rounds.size()];
    double[] y = new double[rounds.size()];
    for (int i = 0; i < rounds.size(); i++) {
      x[i] = rounds.get(i).round() == null ? 0 : rounds.get(i).round();
      y[i] = rounds.get(i).validationError() == null ? 0 : 100 * rounds.get(i).validationError();
    }
    String label = state.options() == null || state.options().describe() == null ? "" : state.options().describe();
    AtomicFiles.replace(dir.resolve(PLOT), temporary ->
        new LinePlot("Validation error per round (" + runId() + ")", "round", "validation error (%)", false)
            .add(new LinePlot.Series(label, x, y)).writePng(temporary));
  }

  /** The server state as run.json holds it; none in a run.json written before strategies kept state. */
  private static ServerState serverState(Map<String, double[]> arrays, Path file) throws IOException {
    if (arrays == null) {
      return ServerState.EMPTY;
    }
    try {
      return ServerState.of(new TreeMap<>(arrays));
    } catch (RuntimeException e) {
      throw new IOException(file + ": server_state: " + e.getMessage(), e);
    }
  }

  private static Weights weights(ModelRecord model, Path file, String field) throws IOException {
    try {
      if (model == null) {
        throw new IllegalArgumentException("missing");
      }
      return model.weights();
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + field + ": " + e.getMessage(), e);
    }
  }
}
