package org.dhtfl.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.dhtfl.cli.Version;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.ServerOptimizerKind;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategyParam;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.calibration.Calibration;
import org.dhtfl.client.calibration.Candidate;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.client.report.AtomicFiles;
import org.dhtfl.client.rounds.FileOutcome;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
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
final class RunFolder {

  static final String STATE = "run.json";
  static final String MODEL = "model.txt";
  static final String REPORT = "report.json";
  static final String PLOT = "validation-error.png";
  static final String SECRET = "run.secret";
  private static final int FORMAT = 1;
  private static final String SERVER_STATE = "server_state";
  private static final String CALIBRATED = "calibrated";

  /** Indented, with "name": value as people write JSON (Jackson's default puts a space before the colon). */
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
      .setDefaultPrettyPrinter(new DefaultPrettyPrinter().withSeparators(
          Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

  private final Path dir;
  private final RunSecret secret;
  private final ObjectNode state;
  private Optional<Aggregate> last;
  private Optional<Candidate> calibrated;
  /** The standardisation the run's models take their inputs through, once known. */
  private Optional<Standardization> standardization;

  private RunFolder(Path dir, RunSecret secret, ObjectNode state, Optional<Aggregate> last,
      Optional<Candidate> calibrated) {
    this.dir = dir;
    this.secret = secret;
    this.state = state;
    this.last = last;
    this.calibrated = calibrated;
    this.standardization = standardization(state.path("options"));
  }

  /** Records the run's options anew, now that they are complete (the standardisation gathered), and writes the folder. */
  void recordOptions(FederatedTraining.Settings settings) throws IOException {
    state.set("options", options(settings));
    standardization = settings.training().standardization();
    write();
  }

  /**
   * A new run in {@code dir} (made if missing). A folder that already holds a run is refused, so no
   * run overwrites another's results.
   */
  static RunFolder start(Path dir, RunSecret secret, FederatedTraining.Settings settings, Instant started)
      throws IOException {
    if (Files.exists(dir.resolve(STATE))) {
      throw new IOException(dir + " already holds a run (" + dir.resolve(STATE)
          + "); continue it with --resume " + dir + " or choose another --out");
    }
    Files.createDirectories(dir);
    writeSecret(dir, secret);
    ObjectNode state = JSON.createObjectNode();
    state.put("format", FORMAT);
    state.put("version", Version.current());
    state.put("run", secret.runId());
    state.put("started", started.toString());
    state.set("options", options(settings));
    state.putArray("resumed");
    state.put("status", "running");
    state.putArray("rounds");
    return new RunFolder(dir, secret, state, Optional.empty(), Optional.empty());
  }

  /** The run recorded in {@code dir}, to continue it. */
  static RunFolder resume(Path dir, Instant now) throws IOException {
    Path file = dir.resolve(STATE);
    if (!Files.isRegularFile(file)) {
      throw new IOException(dir + " holds no run to resume: " + file + " does not exist");
    }
    JsonNode read;
    try {
      read = JSON.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw new IOException(file + ": not a run state (" + e.getOriginalMessage() + ")", e);
    }
    if (!(read instanceof ObjectNode state) || state.path("format").asInt() != FORMAT) {
      throw new IOException(file + ": not a run state of format " + FORMAT);
    }
    Optional<Aggregate> last = state.has("model")
        ? Optional.of(new Aggregate(weights(state.get("model"), file), serverState(state.get(SERVER_STATE), file)))
        : Optional.empty();
    Optional<Candidate> calibrated = state.has(CALIBRATED)
        ? Optional.of(candidate(state.get(CALIBRATED), file)) : Optional.empty();
    state.remove("model");
    state.remove(SERVER_STATE);
    state.remove(CALIBRATED);
    ObjectNode resumed = ((ArrayNode) state.withArray("resumed")).addObject().put("at", now.toString())
        .put("after_round", state.withArray("rounds").size()).put("version", Version.current());
    RunSecret secret = secret(dir, state, resumed);
    state.put("status", "running");
    state.remove("failure");
    RunFolder folder = new RunFolder(dir, secret, state, last, calibrated);
    if (resumed.has("new_run_id")) {
      // run.json names the new run before any node hears of it, as run.secret holds its secret.
      folder.write();
    }
    return folder;
  }

  /**
   * The run's secret from {@code run.secret}. A folder without one continues as a new run with a new
   * secret, its id recorded in {@code resumed}, since no node takes a run without its secret; a
   * secret that is not the recorded run's is refused.
   */
  private static RunSecret secret(Path dir, ObjectNode state, ObjectNode resumed) throws IOException {
    Path file = dir.resolve(SECRET);
    if (!Files.exists(file)) {
      RunSecret secret = RunSecret.generate(new SecureRandom());
      writeSecret(dir, secret);
      state.put("run", secret.runId());
      resumed.put("new_run_id", secret.runId());
      return secret;
    }
    RunSecret secret;
    try {
      secret = RunSecret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not a run secret: " + e.getMessage(), e);
    }
    if (!secret.runId().equals(state.path("run").asText())) {
      throw new IOException(file + " holds the secret of " + secret.runId() + ", not of the recorded run "
          + state.path("run").asText());
    }
    return secret;
  }

  /** Writes the secret into a new file that only its owner may read or write (where the file system has modes). */
  private static void writeSecret(Path dir, RunSecret secret) throws IOException {
    Path file = dir.resolve(SECRET);
    Files.deleteIfExists(file);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, secret.value() + "\n", StandardCharsets.UTF_8);
  }

  String runId() {
    return state.path("run").asText();
  }

  /** The run's secret, which the ring access shows to the nodes. */
  RunSecret secret() {
    return secret;
  }

  /** How many rounds are done; the next is this plus one. */
  int roundsDone() {
    return state.withArray("rounds").size();
  }

  /** The global model and server state after the last round done, if one is. */
  Optional<Aggregate> last() {
    return last;
  }

  /** With --calibrate-head, the model the run delivered after the last round done, if one is. */
  Optional<Candidate> calibrated() {
    return calibrated;
  }

  /** The run's settings as recorded. */
  FederatedTraining.Settings settings(RpcSettings rpc) throws IOException {
    try {
      return settings(state.get("options"), rpc);
    } catch (RuntimeException e) {
      throw new IOException(dir.resolve(STATE) + ": options: " + e.getMessage(), e);
    }
  }

  /** Records a finished round with the global model and server state after it, and writes the folder. */
  void roundDone(FederatedTraining.Round round, Aggregate after, boolean finalRound) throws IOException {
    state.withArray("rounds").add(round(round));
    last = Optional.of(after);
    round.calibration().ifPresent(choice -> {
      Calibration.Scored chosen = choice.calibration().chosen();
      calibrated = Optional.of(chosen.candidate());
      ObjectNode summary = state.putObject("calibration");
      summary.put("chosen", chosen.candidate().label());
      summary.put("training_error", chosen.trainingError());
      summary.put("validation_error", round.validationError());
    });
    if (finalRound) {
      state.put("status", "finished");
      state.put("final_validation_error", round.validationError());
    }
    write();
  }

  /** Records why the run ended early; the last good model stays. */
  void failed(String reason) throws IOException {
    state.put("status", "failed");
    state.put("failure", reason);
    write();
  }

  Path dir() {
    return dir;
  }

  private void write() throws IOException {
    Files.createDirectories(dir);
    ObjectNode withModel = state.deepCopy();
    last.ifPresent(a -> {
      withModel.set("model", weights(a.model()));
      withModel.set(SERVER_STATE, serverState(a.state()));
    });
    calibrated.ifPresent(c -> withModel.putObject(CALIBRATED).put("label", c.label()).set("model",
        weights(c.model())));
    writeJson(dir.resolve(STATE), withModel);
    Optional<Weights> delivered = calibrated.map(Candidate::model).or(() -> last.map(Aggregate::model));
    if (delivered.isPresent()) {
      ModelFile.save(new StoredModel(delivered.get(), standardization), dir.resolve(MODEL));
    }
    writeJson(dir.resolve(REPORT), state);
    writePlot();
  }

  private static void writeJson(Path file, JsonNode json) throws IOException {
    byte[] bytes = (JSON.writeValueAsString(json) + "\n").getBytes(StandardCharsets.UTF_8);
    AtomicFiles.replace(file, temporary -> Files.write(temporary, bytes));
  }

  private void writePlot() throws IOException {
    ArrayNode rounds = state.withArray("rounds");
    if (rounds.isEmpty()) {
      return;
    }
    double[] x = new double[rounds.size()];
    double[] y = new double[rounds.size()];
    for (int i = 0; i < rounds.size(); i++) {
      x[i] = rounds.get(i).path("round").asInt();
      y[i] = 100 * rounds.get(i).path("validation_error").asDouble();
    }
    String label = state.path("options").path("describe").asText();
    AtomicFiles.replace(dir.resolve(PLOT), temporary ->
        new LinePlot("Validation error per round (" + runId() + ")", "round", "validation error (%)", false)
            .add(new LinePlot.Series(label, x, y)).writePng(temporary));
  }

  /** Every option of the run, the start weights' source among them. */
  static ObjectNode options(FederatedTraining.Settings s) {
    TrainingConfig t = s.training();
    ObjectNode o = JSON.createObjectNode();
    o.put("data_dir", s.dataDir().toAbsolutePath().normalize().toString());
    o.put("validation_file", s.validation().toAbsolutePath().normalize().toString());
    o.put("files", s.maxFiles());
    o.put("rounds", s.rounds());
    o.put("model", t.kind().label());
    o.put("hidden", t.hidden());
    if (t.layers().size() > 1) {
      ArrayNode layers = o.putArray("layers");
      t.layers().forEach(layers::add);
    }
    o.put("classes", t.classes());
    o.put("epochs", t.options().epochs());
    o.put("eta", t.options().eta());
    o.put("eta_per_row", t.options().etaPerRow());
    o.put("momentum", t.options().momentum());
    o.put("early_stop", t.options().earlyStop());
    if (!t.options().referenceStep()) {
      o.put("batch", t.options().batch());
      o.put("optimizer", t.options().optimizer().label());
    }
    if (s.standardize()) {
      o.put("standardize", true);
    }
    t.standardization().ifPresent(scaling -> {
      ArrayNode mean = o.putArray("feature_mean");
      for (double x : scaling.mean()) {
        mean.add(x);
      }
      ArrayNode scale = o.putArray("feature_scale");
      for (double x : scaling.scale()) {
        scale.add(x);
      }
    });
    o.put("seed", t.seed());
    o.put("init", t.init().label());
    o.put("min_fraction", s.minFraction());
    o.put("round_timeout_s", s.roundTimeout().toSeconds());
    o.put("fraction", s.participation().fraction());
    o.put("strategy", s.strategy().strategy().toString());
    o.put("server_optimizer", s.strategy().optimizer().toString());
    s.strategy().values().forEach((param, value) -> {
      if (param.integral()) {
        o.put(param.json(), value.longValue());
      } else {
        o.put(param.json(), value);
      }
    });
    o.put("calibrate_head", s.calibrateHead());
    o.put("describe", FederatedTraining.describe(t) + "; " + s.strategy().describe()
        + (s.calibrateHead() ? "; " + FederatedTraining.CALIBRATED : ""));
    return o;
  }

  static FederatedTraining.Settings settings(JsonNode o, RpcSettings rpc) {
    ModelKind kind = ModelKind.parse(text(o, "model"));
    StrategySettings strategy = strategy(o);
    TrainingOptions training = strategy.localTraining(TrainingOptions.defaults()
        .withEpochs(number(o, "epochs").intValue()).withEta(number(o, "eta").doubleValue())
        .withMomentum(number(o, "momentum").doubleValue()).withEarlyStop(bool(o, "early_stop"))
        .withEtaPerRow(bool(o, "eta_per_row"))
        .withBatch(o.has("batch") ? number(o, "batch").intValue() : 0)
        .withOptimizer(o.has("optimizer") ? Optimizer.parse(text(o, "optimizer")) : Optimizer.SGD));
    List<Integer> layers = new ArrayList<>();
    if (o.has("layers")) {
      for (double width : doubles(o, "layers")) {
        layers.add((int) width);
      }
    } else if (kind == ModelKind.MLP) {
      layers.add(number(o, "hidden").intValue());
    }
    TrainingConfig config = new TrainingConfig(kind, layers, number(o, "classes").intValue(),
        number(o, "seed").longValue(), training, StartWeights.parse(text(o, "init")), standardization(o));
    boolean standardize = o.has("standardize") && bool(o, "standardize");
    // Runs recorded before --fraction and the strategies' settings trained every file with FedAvg's settings.
    double fraction = o.has("fraction") ? number(o, "fraction").doubleValue() : 1.0;
    boolean calibrateHead = o.has("calibrate_head") && bool(o, "calibrate_head");
    return new FederatedTraining.Settings(Path.of(text(o, "data_dir")), Path.of(text(o, "validation_file")),
        number(o, "files").intValue(), number(o, "rounds").intValue(), config, number(o, "min_fraction").doubleValue(),
        Duration.ofSeconds(number(o, "round_timeout_s").longValue()), strategy,
        new Participation(fraction, config.seed()), calibrateHead, standardize, rpc);
  }

  /** The standardisation the options record, if they record one. */
  private static Optional<Standardization> standardization(JsonNode o) {
    if (!o.has("feature_mean")) {
      return Optional.empty();
    }
    return Optional.of(new Standardization(doubles(o, "feature_mean"), doubles(o, "feature_scale")));
  }

  private static StrategySettings strategy(JsonNode o) {
    Strategy strategy = Strategy.parse(text(o, "strategy"));
    Optional<ServerOptimizerKind> optimizer = strategy.robust() && o.has("server_optimizer")
        ? Optional.of(ServerOptimizerKind.parse(text(o, "server_optimizer"))) : Optional.empty();
    Map<StrategyParam, Number> given = new EnumMap<>(StrategyParam.class);
    for (StrategyParam param : StrategyParam.values()) {
      if (o.has(param.json())) {
        given.put(param, number(o, param.json()));
      }
    }
    return StrategySettings.of(strategy, optimizer, given);
  }

  static ObjectNode round(FederatedTraining.Round r) {
    ObjectNode round = JSON.createObjectNode();
    round.put("round", r.number());
    round.put("validation_error", r.validationError());
    round.put("duration_ms", r.millis());
    round.put("files_done", r.done());
    ArrayNode files = round.putArray("files");
    for (FileOutcome f : r.files()) {
      ObjectNode file = files.addObject();
      file.put("file", f.file());
      file.put("key", f.key());
      file.put("status", f.result().status().wireName());
      // -1 where no node answered, as the report has always said.
      file.put("node", f.result().trainedBy().orElse(-1));
      file.put("rows", f.result().rows());
      file.put("epochs", f.result().epochs());
      file.put("training_error", f.result().errorRate());
      file.put("train_ms", f.result().trainMillis());
      file.put("submissions", f.submissions());
      if (!f.result().reason().isEmpty()) {
        file.put("reason", f.result().reason());
      }
      if (!f.rejected().isEmpty()) {
        ArrayNode rejected = file.putArray("rejected");
        f.rejected().forEach(rejected::add);
      }
    }
    r.calibration().ifPresent(choice -> round.set("calibration", calibration(choice)));
    return round;
  }

  /** Every candidate with its errors on the nodes' training rows and on the validation file, and the choice. */
  private static ObjectNode calibration(FederatedTraining.HeadChoice choice) {
    Calibration c = choice.calibration();
    ObjectNode o = JSON.createObjectNode();
    o.put("chosen", c.chosen().candidate().label());
    o.put("files", c.files());
    o.put("training_rows", c.chosen().rows());
    ArrayNode candidates = o.putArray("candidates");
    for (int i = 0; i < c.candidates().size(); i++) {
      Calibration.Scored s = c.candidates().get(i);
      candidates.addObject().put("label", s.candidate().label()).put("correct", s.correct())
          .put("training_error", s.trainingError()).put("validation_error", choice.validationErrors().get(i));
    }
    if (!c.failures().isEmpty()) {
      ObjectNode failures = o.putObject("failures");
      c.failures().forEach(failures::put);
    }
    if (!c.notes().isEmpty()) {
      ArrayNode notes = o.putArray("notes");
      c.notes().forEach(notes::add);
    }
    return o;
  }

  private static Candidate candidate(JsonNode o, Path file) throws IOException {
    if (o == null || !o.isObject()) {
      throw new IOException(file + ": " + CALIBRATED + ": not an object with a label and a model");
    }
    String label;
    try {
      label = text(o, "label");
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + CALIBRATED + ": " + e.getMessage(), e);
    }
    return new Candidate(label, weights(o.get("model"), file));
  }

  private static ObjectNode weights(Weights w) {
    ObjectNode o = JSON.createObjectNode();
    ModelShape shape = w.shape();
    o.put("model", shape.kind().label());
    o.put("inputs", shape.inputs());
    o.put("hidden", shape.hidden());
    if (!shape.singleLayer()) {
      ArrayNode layers = o.putArray("layers");
      shape.layers().forEach(layers::add);
    }
    o.put("classes", shape.classes());
    ArrayNode v = o.putArray("v");
    for (double x : w.v()) {
      v.add(x);
    }
    ArrayNode ws = o.putArray("w");
    for (double x : w.w()) {
      ws.add(x);
    }
    return o;
  }

  private static ObjectNode serverState(ServerState s) {
    ObjectNode o = JSON.createObjectNode();
    s.asMap().forEach((name, values) -> {
      ArrayNode array = o.putArray(name);
      for (double x : values) {
        array.add(x);
      }
    });
    return o;
  }

  /** The server state as run.json holds it; none in a run.json written before strategies kept state. */
  private static ServerState serverState(JsonNode o, Path file) throws IOException {
    if (o == null) {
      return ServerState.EMPTY;
    }
    try {
      if (!o.isObject()) {
        throw new IllegalArgumentException("not an object of named arrays");
      }
      Map<String, double[]> arrays = new TreeMap<>();
      o.fieldNames().forEachRemaining(name -> arrays.put(name, doubles(o, name)));
      return ServerState.of(arrays);
    } catch (RuntimeException e) {
      throw new IOException(file + ": " + SERVER_STATE + ": " + e.getMessage(), e);
    }
  }

  private static Weights weights(JsonNode o, Path file) throws IOException {
    try {
      ModelKind kind = ModelKind.parse(text(o, "model"));
      ModelShape shape;
      if (o.has("layers")) {
        List<Integer> layers = new ArrayList<>();
        for (double width : doubles(o, "layers")) {
          layers.add((int) width);
        }
        shape = new ModelShape(kind, number(o, "inputs").intValue(), layers, number(o, "classes").intValue());
      } else {
        shape = new ModelShape(kind, number(o, "inputs").intValue(), number(o, "hidden").intValue(),
            number(o, "classes").intValue());
      }
      return Weights.of(shape, doubles(o, "v"), doubles(o, "w"));
    } catch (RuntimeException e) {
      throw new IOException(file + ": model: " + e.getMessage(), e);
    }
  }

  private static double[] doubles(JsonNode o, String field) {
    JsonNode array = o.get(field);
    if (array == null || !array.isArray()) {
      throw new IllegalArgumentException("'" + field + "' is not an array of numbers");
    }
    double[] values = new double[array.size()];
    for (int i = 0; i < values.length; i++) {
      if (!array.get(i).isNumber()) {
        throw new IllegalArgumentException("'" + field + "'[" + i + "] is not a number");
      }
      values[i] = array.get(i).doubleValue();
    }
    return values;
  }

  private static String text(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (value == null || !value.isTextual()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a string");
    }
    return value.asText();
  }

  private static Number number(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (value == null || !value.isNumber()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not a number");
    }
    return value.numberValue();
  }

  private static boolean bool(JsonNode o, String field) {
    JsonNode value = o.get(field);
    if (value == null || !value.isBoolean()) {
      throw new IllegalArgumentException("'" + field + "' is missing or not true/false");
    }
    return value.asBoolean();
  }
}
