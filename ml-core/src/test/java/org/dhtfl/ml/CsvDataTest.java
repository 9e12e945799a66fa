package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvDataTest {
  @TempDir
  Path folder;

  private Path write(String name, String content) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, content, StandardCharsets.UTF_8);
    return file;
  }

  private static Dataset parse(String name, String content, int classes) throws IOException {
    return CsvData.parse(name, new StringReader(content), classes);
  }

  @Test
  void readsRowsWithCrlfLineEnds() throws IOException {
    // Arrange
    Path file = write("shard", "1,2,3,0\r\n4,5,6,2\r\n");

    // Act
    Dataset data = CsvData.read(file, 3);

    // Assert
    assertThat(data.name()).isEqualTo("shard");
    assertThat(data.rows()).isEqualTo(2);
    assertThat(data.features()).isEqualTo(3);
    assertThat(data.values()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(data.labels()).containsExactly(0, 2);
  }

  @Test
  void readsLfRowsWithoutATrailingNewline() throws IOException {
    Dataset data = parse("validate", "1,2,1\n3,4,0", 2);

    assertThat(data.values()).containsExactly(1, 2, 3, 4);
    assertThat(data.labels()).containsExactly(1, 0);
  }

  @Test
  void skipsBlankLinesButCountsThemInLineNumbers() throws IOException {
    // Arrange: rows on lines 2, 5 and 7; line 6 is all spaces
    String content = "\n1,2,1\r\n\r\n\r\n3,4,0\r\n   \r\n5,x,1\r\n";

    // Act and assert
    assertThatThrownBy(() -> parse("letters/abc", content, 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("letters/abc line 7, column 2: 'x' is not an integer");
    assertThat(parse("letters/abc", content.replace("x", "6"), 2).rows()).isEqualTo(3);
  }

  @Test
  void aRowWithAnotherColumnCountNamesFileAndLine() {
    // Arrange: line 7 has 16 columns, the first row 17
    StringBuilder content = new StringBuilder();
    for (int line = 1; line <= 7; line++) {
      int columns = line == 7 ? 16 : 17;
      for (int c = 0; c < columns; c++) {
        content.append(c == 0 ? "" : ",").append(line % 10);
      }
      content.append("\r\n");
    }

    // Act and assert
    assertThatThrownBy(() -> parse("letters/abc", content.toString(), 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("letters/abc line 7: 16 columns, expected 17")
        .satisfies(e -> {
          DataFormatException fault = (DataFormatException) e;
          assertThat(fault.fileName()).isEqualTo("letters/abc");
          assertThat(fault.lineNumber()).hasValue(7);
          assertThat(fault.column()).isEmpty();
        });
  }

  @Test
  void aFeatureThatIsNotAnIntegerNamesLineAndColumn() {
    assertThatThrownBy(() -> parse("s", "1,2,3,4,5,0\n1,2,3,4,5,0\n1,2,3,4,x,0\n", 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s line 3, column 5: 'x' is not an integer")
        .satisfies(e -> assertThat(((DataFormatException) e).column()).hasValue(5));
  }

  @Test
  void aFractionalFeatureIsNotAnInteger() {
    assertThatThrownBy(() -> parse("s", "1.5,0\n", 2))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s line 1, column 1: '1.5' is not an integer");
  }

  @Test
  void aLabelOutsideTheClassesNamesLineAndColumn() {
    assertThatThrownBy(() -> parse("s", "1,2,25\n1,2,26\n", 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s line 2, column 3: label 26 is outside 0..25");
    assertThatThrownBy(() -> parse("s", "1,2,-1\n", 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s line 1, column 3: label -1 is outside 0..25");
  }

  @Test
  void anEmptyFileHasNoRows() throws IOException {
    Path empty = write("empty", "");
    Path blank = write("blank", "\r\n\n  \n");

    assertThatThrownBy(() -> CsvData.read(empty, 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(empty + ": no rows")
        .satisfies(e -> assertThat(((DataFormatException) e).lineNumber()).isEmpty());
    assertThatThrownBy(() -> CsvData.read(blank, 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(blank + ": no rows");
  }

  @Test
  void aFileWithAnotherFeatureCountThanExpectedIsAFormatError() throws IOException {
    // Arrange: 15 features and a label where 16 features are expected
    Path file = write("validate", "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,3\n");

    // Act and assert
    assertThatThrownBy(() -> CsvData.read(file, 26, 16))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(file + " line 1: 16 columns, expected 17");
  }

  @Test
  void aRowOfOneColumnCannotHoldFeaturesAndALabel() {
    assertThatThrownBy(() -> parse("s", "3\n", 26))
        .isInstanceOf(DataFormatException.class)
        .hasMessage("s line 1: 1 column, expected at least 2 (features, then the label)");
  }

  @Test
  void unlabelledRowsAreAllFeatures() throws IOException {
    // Arrange
    Path file = write("points", "1,2\n3,4\n");

    // Act
    Dataset data = CsvData.readUnlabelled(file, 2);

    // Assert
    assertThat(data.labelled()).isFalse();
    assertThat(data.values()).containsExactly(1, 2, 3, 4);
    assertThatThrownBy(() -> CsvData.readUnlabelled(file, 3))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(file + " line 1: 2 columns, expected 3");
  }

  @Test
  void aMissingFileIsAnIoErrorButNotAFormatError() {
    Path missing = folder.resolve("missing");

    assertThatThrownBy(() -> CsvData.read(missing, 26))
        .isInstanceOf(IOException.class)
        .isNotInstanceOf(DataFormatException.class);
  }

  @Test
  void nonsensicalSettingsAreRefused() {
    assertThatThrownBy(() -> parse("s", "1,0\n", 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("classes 1");
    assertThatThrownBy(() -> CsvData.parse("s", new StringReader("1,0\n"), 2, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("features 0");
  }

  @Test
  void readsTheRealShardsAndValidationFile() throws IOException {
    // Arrange
    Path letters = TestData.letters().resolve("letters");
    Path shard;
    try (Stream<Path> files = Files.list(letters)) {
      shard = files.sorted().findFirst().orElseThrow();
    }

    // Act
    Dataset training = CsvData.read(shard, 26, 16);
    Dataset validation = CsvData.read(TestData.letters().resolve("validate_letters.txt"), 26, 16);

    // Assert
    assertThat(training.rows()).isEqualTo(500);
    assertThat(validation.rows()).isEqualTo(3500);
    assertThat(validation.labelBound()).isEqualTo(26);
  }
}
