package org.dhtfl.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dhtfl.client.data.SyntheticLetters;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {

  @TempDir
  Path folder;

  private Path write(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void printsTheErrorPercentageAndTheRowCount() throws IOException {
    // Arrange: the model gets (1,2) wrong (it says 1), the other three right
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("validate", "3,0,0\n0,3,1\n0,0,2\n1,2,0\n");

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("Validation error: 25.00%", "rows: 4");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void agreesWithTheTrainersErrorRateForAnMlpOnLetters() throws IOException {
    // Arrange
    Path validation = folder.resolve("validate_letters.txt");
    new SyntheticLetters(2, 3.0).write(folder.resolve("letters"), 1, 10, validation, 700);
    Weights weights = Weights.initial(ModelShape.mlp(16, 20, 26), 1);
    Path model = folder.resolve("global.model");
    ModelFile.save(weights, model);
    double expected = Trainer.errorRate(weights, CsvData.read(validation, 26, 16));

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), validation.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly(
        String.format(Locale.ROOT, "Validation error: %.2f%%", 100 * expected), "rows: 700");
  }

  @Test
  void aBrokenModelFailsWithOneLineNamingTheFileAndLine() throws IOException {
    // Arrange
    Path model = write("broken.model", "# dhtfl model, format 1\nmodel mlp\nmodel mlp\n");

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), write("data", "1,2,0\n").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + model + " line 3: repeated header 'model' (first on line 2)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void rowsWithAnotherFeatureCountThanTheModelsInputsFail() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("validate", "3,0,0\n0,3,1,1\n");

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data + " line 2: 4 columns, expected 3");
  }

  @Test
  void aLabelBeyondTheModelsClassesFails() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("validate", "3,0,0\n0,3,3\n");

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data + " line 2, column 3: label 3 is outside 0..2");
  }

  @Test
  void aMissingDataFileFails() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = folder.resolve("absent");

    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data + ": no such file");
  }

  @Test
  void aMissingArgumentIsAUsageError() throws IOException {
    // Act
    CommandRun run = CommandRun.of(new ValidateCommand(), TestModels.handMadeLogistic(folder).toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("error: Missing required parameter: 'FILE'");
    assertThat(run.err()).contains("Usage: validate");
  }
}
