package org.dhtfl.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dhtfl.client.ClientMain;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.client.model.StoredModel;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainCommandTest {
  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final Path VALIDATION = PROJECT.resolve("data/validate_letters.txt");

  @TempDir
  Path folder;

  @Test
  void trainsOneStandardisedModelOnEveryFileAndPrintsItsValidationErrorAsTheSavedModelGives() throws IOException {
    // Arrange: two of the letters shards
    Path dir = Files.createDirectories(folder.resolve("two"));
    for (String shard : new String[] {"26UFHSJHcQ", "2aM2VBjKp1"}) {
      Files.copy(PROJECT.resolve("data/letters").resolve(shard), dir.resolve(shard));
    }
    Path saved = folder.resolve("model.txt");

    // Act
    CommandRun run = CommandRun.of(new ClientMain(), "train", dir.toString(), "--validate", VALIDATION.toString(),
        "--hidden", "32,16", "--batch", "32", "--optimizer", "adam", "--standardize", "--epochs", "5", "--save",
        saved.toString());

    // Assert: trained on 1,000 rows; the saved model, standardisation included, gives the printed error
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Training on 1000 rows of 2 files: mlp with 32,16 hidden units, 5 epochs, "
        + "batches of 32, adam eta 0.003");
    StoredModel model = ModelFile.loadModel(saved);
    assertThat(model.standardization()).isPresent();
    double error = Trainer.errorRate(model.weights(), model.prepare(CsvData.read(VALIDATION, 26, 16)));
    assertThat(error).isLessThan(0.6);
    assertThat(run.out()).contains(String.format(java.util.Locale.ROOT, "Final validation error: %.2f%%",
        100 * error));
  }

  @Test
  void consecutiveLayersOfOneWidthTrainAndTheSavedModelKeepsThem() throws IOException {
    // Arrange: one of the letters shards
    Path dir = Files.createDirectories(folder.resolve("one"));
    Files.copy(PROJECT.resolve("data/letters/26UFHSJHcQ"), dir.resolve("26UFHSJHcQ"));
    Path saved = folder.resolve("model.txt");

    // Act
    CommandRun run = CommandRun.of(new ClientMain(), "train", dir.toString(), "--validate", VALIDATION.toString(),
        "--hidden", "16,16", "--batch", "32", "--optimizer", "adam", "--epochs", "2", "--save", saved.toString());

    // Assert
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("mlp with 16,16 hidden units");
    assertThat(ModelFile.loadModel(saved).weights().shape().layers()).containsExactly(16, 16);
  }

  @Test
  void aWidthBelowOneIsRefusedNamingHidden() {
    CommandRun run = CommandRun.of(new ClientMain(), "train", folder.toString(), "--validate", VALIDATION.toString(),
        "--hidden", "64,0");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--hidden 64,0: ").contains("must be at least 1");
  }

  @Test
  void adamWithTheSgdStepsMomentumIsRefusedNamingIt() {
    CommandRun run = CommandRun.of(new ClientMain(), "train", folder.toString(), "--validate", VALIDATION.toString(),
        "--optimizer", "adam", "--momentum", "0.9");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--momentum is the sgd step's");
  }
}
