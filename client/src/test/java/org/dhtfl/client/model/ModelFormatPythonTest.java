package org.dhtfl.client.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dhtfl.cli.Cli;
import org.dhtfl.client.ClientMain;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.ml.federated.ServerStrategy;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The numpy program in reports/model-format.md, taken from the document itself, computes on a model that
 * {@link ModelFile} wrote the validation error that {@code client validate} computes. Without python3 or
 * numpy the tests are skipped, unless the environment variable {@value #REQUIRE_PYTHON} is set: then
 * they fail.
 */
class ModelFormatPythonTest {

  private static final String REQUIRE_PYTHON = "DHTFL_REQUIRE_PYTHON";
  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Path FORMAT_DOCUMENT = PROJECT.resolve("reports/model-format.md");
  private static final Path SHARDS = PROJECT.resolve("data/letters");
  private static final Path VALIDATION = PROJECT.resolve("data/validate_letters.txt");
  private static final int SHARDS_TRAINED = 3;
  private static final long PYTHON_DEADLINE_S = 120;

  @TempDir
  Path folder;

  private Path snippet;

  @BeforeEach
  void takeTheSnippetFromTheDocument() throws IOException, InterruptedException {
    requirePythonWithNumpy();
    snippet = folder.resolve("validate_model.py");
    Files.writeString(snippet, pythonBlock(Files.readString(FORMAT_DOCUMENT, StandardCharsets.UTF_8)),
        StandardCharsets.UTF_8);
  }

  @Test
  void theSnippetPrintsWhatClientValidatePrintsForAnAveragedMlp() throws IOException, InterruptedException {
    // Arrange: one round of FedAvg over a few real shards, from the default start weights
    Path model = folder.resolve("global.model");
    Weights averaged = averageOfTrainedShards(StartWeights.GLIBC.draw(ModelShape.mlp(16, 20, 26), 0));
    ModelFile.save(averaged, model);
    double javaError = Trainer.errorRate(averaged, CsvData.read(VALIDATION, 26, 16));

    // Act
    List<String> python = runSnippet(model, VALIDATION);
    List<String> client = clientValidate(model, VALIDATION);

    // Assert: a trained model (far better than guessing one of 26 letters), judged alike by both
    assertThat(javaError).isLessThan(0.8);
    assertThat(client).containsExactly(percentLine(javaError), "rows: 3500");
    assertThat(python).isEqualTo(client);
  }

  @Test
  void theSnippetPrintsWhatClientValidatePrintsForALogisticModel() throws IOException, InterruptedException {
    // Arrange
    Path model = folder.resolve("logistic.model");
    Weights averaged = averageOfTrainedShards(StartWeights.GLIBC.draw(ModelShape.logistic(16, 26), 0));
    ModelFile.save(averaged, model);
    double javaError = Trainer.errorRate(averaged, CsvData.read(VALIDATION, 26, 16));

    // Act
    List<String> python = runSnippet(model, VALIDATION);
    List<String> client = clientValidate(model, VALIDATION);

    // Assert
    assertThat(javaError).isLessThan(0.8);
    assertThat(client).containsExactly(percentLine(javaError), "rows: 3500");
    assertThat(python).isEqualTo(client);
  }

  @Test
  void theSnippetPrintsWhatClientValidatePrintsForAStandardisedModelOfTwoLayers()
      throws IOException, InterruptedException {
    // Arrange: a model of 32 and 16 units trained with Adam on standardised rows of one shard
    Dataset shard = CsvData.read(SHARDS.resolve("26UFHSJHcQ"), 26, 16);
    Standardization scaling = new Standardization(new double[] {7, 7, 5, 5, 3, 7, 7, 4, 5, 7, 7, 8, 3, 8, 4, 8},
        new double[] {2, 3, 2, 2, 2, 2, 2, 3, 2, 2, 2, 3, 2, 2, 3, 2});
    ModelShape shape = ModelShape.mlp(16, List.of(32, 16), 26);
    TrainingResult trained = Trainer.train(StartWeights.HE.draw(shape, 1), scaling.apply(shard),
        TrainingOptions.defaults().withEpochs(20).withBatch(32).withOptimizer(Optimizer.ADAM).withEta(3e-3));
    Path model = folder.resolve("layered.model");
    ModelFile.save(new StoredModel(trained.trained(), Optional.of(scaling)), model);
    double javaError = Trainer.errorRate(trained.trained(), scaling.apply(CsvData.read(VALIDATION, 26, 16)));

    // Act
    List<String> python = runSnippet(model, VALIDATION);
    List<String> client = clientValidate(model, VALIDATION);

    // Assert
    assertThat(Files.readAllLines(model).get(0)).isEqualTo(ModelFile.LAYERED_FORMAT_LINE);
    assertThat(javaError).isLessThan(0.6);
    assertThat(client).containsExactly(percentLine(javaError), "rows: 3500");
    assertThat(python).isEqualTo(client);
  }

  /** The first few shards (by name), each trained from {@code start}, averaged by rows. */
  private static Weights averageOfTrainedShards(Weights start) throws IOException {
    List<Path> shards;
    try (Stream<Path> files = Files.list(SHARDS)) {
      shards = files.sorted().limit(SHARDS_TRAINED).toList();
    }
    List<ClientResult> results = new ArrayList<>();
    for (Path shard : shards) {
      Dataset data = CsvData.read(shard, 26, 16);
      TrainingResult trained = Trainer.train(start, data, TrainingOptions.defaults());
      results.add(new ClientResult(shard.getFileName().toString(), trained.delta(), trained.rows()));
    }
    return ServerStrategy.fedAvg().aggregate(start, ServerState.EMPTY, results, List.of()).model();
  }

  private static String percentLine(double error) {
    return String.format(Locale.ROOT, "Validation error: %.2f%%", 100 * error);
  }

  private static List<String> clientValidate(Path model, Path data) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine client = Cli.commandLine(new ClientMain());
    client.setOut(new PrintWriter(out, true));
    client.setErr(new PrintWriter(err, true));
    int exitCode = client.execute("validate", model.toString(), data.toString());
    assertThat(exitCode).as("client validate exit code, stderr: %s", err).isZero();
    return out.toString().lines().toList();
  }

  private List<String> runSnippet(Path model, Path data) throws IOException, InterruptedException {
    Path out = folder.resolve("python.out");
    Path err = folder.resolve("python.err");
    Process python = new ProcessBuilder("python3", snippet.toString(), model.toString(), data.toString())
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      if (!python.waitFor(PYTHON_DEADLINE_S, TimeUnit.SECONDS)) {
        fail("the snippet ran longer than " + PYTHON_DEADLINE_S + " s");
      }
    } finally {
      python.destroyForcibly();
    }
    assertThat(python.exitValue()).as("the snippet's exit code, stderr: %s", Files.readString(err)).isZero();
    return Files.readAllLines(out, StandardCharsets.UTF_8);
  }

  /** The text of the document's one fenced {@code python} block, fences excluded. */
  static String pythonBlock(String markdown) {
    List<String> blocks = new ArrayList<>();
    StringBuilder block = null;
    for (String line : markdown.lines().toList()) {
      if (block == null) {
        if (line.strip().equals("```python")) {
          block = new StringBuilder();
        }
      } else if (line.strip().equals("```")) {
        blocks.add(block.toString());
        block = null;
      } else {
        block.append(line).append('\n');
      }
    }
    assertThat(block).as("an unclosed ```python block in " + FORMAT_DOCUMENT).isNull();
    assertThat(blocks).as("```python blocks in " + FORMAT_DOCUMENT).hasSize(1);
    return blocks.get(0);
  }

  /** Skips the calling test when python3 or its numpy is missing, or fails it when {@value #REQUIRE_PYTHON} is set. */
  private static void requirePythonWithNumpy() throws InterruptedException {
    Optional<String> missing = missingPython();
    if (missing.isEmpty()) {
      return;
    }
    if (System.getenv(REQUIRE_PYTHON) != null) {
      fail(missing.get() + ", and " + REQUIRE_PYTHON + " is set");
    }
    Assumptions.abort(missing.get() + " (set " + REQUIRE_PYTHON + " to fail instead of skipping)");
  }

  private static Optional<String> missingPython() throws InterruptedException {
    Process probe;
    try {
      probe = new ProcessBuilder("python3", "-c", "import numpy")
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      return Optional.of("python3 is missing: " + e.getMessage());
    }
    try {
      if (!probe.waitFor(PYTHON_DEADLINE_S, TimeUnit.SECONDS)) {
        return Optional.of("python3 -c 'import numpy' did not finish in " + PYTHON_DEADLINE_S + " s");
      }
    } finally {
      probe.destroyForcibly();
    }
    return probe.exitValue() == 0 ? Optional.empty()
        : Optional.of("numpy is missing: python3 cannot import it (Debian: python3-numpy)");
  }
}
