package org.dhtfl.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.dhtfl.client.data.SyntheticLetters;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PredictCommandTest {

  @TempDir
  Path folder;

  private Path write(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  @Test
  void printsOnePredictedClassPerRowInInputOrder() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("rows", "3,0\n0,3\n\n0,0\n1,2\n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("0", "1", "2", "1");
    assertThat(run.err()).isEmpty();
  }

  @Test
  void aTrailingLabelColumnIsIgnored() throws IOException {
    // Arrange: labels that disagree with the predictions, and one outside the model's classes
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("labelled", "3,0,2\n0,3,2\n0,0,7\n1,2,-1\n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactly("0", "1", "2", "1");
  }

  @Test
  void agreesWithTheTrainersPredictionsForAnMlpOnLetters() throws IOException {
    // Arrange
    Path validation = folder.resolve("validate_letters.txt");
    new SyntheticLetters(4, 3.0).write(folder.resolve("letters"), 1, 10, validation, 300);
    Weights weights = Weights.initial(ModelShape.mlp(16, 20, 26), 3);
    Path model = folder.resolve("global.model");
    ModelFile.save(weights, model);
    int[] expected = Trainer.predict(weights, CsvData.read(validation, 26, 16));

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), validation.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines()).containsExactlyElementsOf(Arrays.stream(expected).mapToObj(String::valueOf).toList());
  }

  @Test
  void rowsOfAnotherWidthFailNamingBothWidthsThatWouldDo() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("wide", "\n1,2,3,4\n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data
        + " line 2: 4 columns, expected 2 (the model's inputs) or 3 (inputs, then a label to ignore)");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aLaterRowOfAnotherWidthFailsNamingItsLine() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("mixed", "3,0,0\n0,3\n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data + " line 2: 2 columns, expected 3");
  }

  @Test
  void aFileWithoutRowsFails() throws IOException {
    // Arrange
    Path model = TestModels.handMadeLogistic(folder);
    Path data = write("blank", "\n  \n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), data.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + data + ": no rows");
  }

  @Test
  void aModelOfAnotherFormatFails() throws IOException {
    // Arrange
    Path model = write("future.model", "# dhtfl model, format 3\n");

    // Act
    CommandRun run = CommandRun.of(new PredictCommand(), model.toString(), write("rows", "1,2\n").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly(
        "error: " + model + " line 1: format 3 is not supported, this version reads formats 1 and 2");
  }

  @Test
  void noArgumentsIsAUsageError() {
    // Act
    CommandRun run = CommandRun.of(new PredictCommand());

    // Assert
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).startsWith("error: Missing required parameters: 'MODEL', 'FILE'");
  }
}
