package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.dhtfl.ml.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileRowsTest {

  private static final String ROW = "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,0,3\n";

  @TempDir
  Path dir;

  private void letters(String name, int rows, long seed) throws IOException {
    Files.writeString(dir.resolve(name), JobExecutorTest.lettersText(rows, seed), StandardCharsets.US_ASCII);
  }

  // ------------------------------------------------------------ the local file

  @Test
  void onlyARegularFileInTheDataDirectoryIsALocalFile() throws IOException {
    letters("here", 5, 1);
    Files.createDirectory(dir.resolve("sub"));
    FileRows files = new FileRows(DataSource.directory(dir));

    assertThat(files.has("here")).isTrue();
    assertThat(files.has("sub")).isFalse();
    assertThat(files.has("absent")).isFalse();
    assertThat(files.bytes("here")).get().isEqualTo(Files.readAllBytes(dir.resolve("here")));
    assertThat(files.bytes("absent")).isEmpty();
  }

  @Test
  void aNameThatEscapesTheDataDirectoryIsRefused() {
    FileRows files = new FileRows(DataSource.directory(dir));

    assertThatThrownBy(() -> files.has("../secret")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'../secret' is not a plain file name");
    assertThatThrownBy(() -> files.bytes("../secret")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'../secret' is not a plain file name");
  }

  // ------------------------------------------------------------ rows from carried bytes or the local file

  @Test
  void carriedBytesComeBeforeTheLocalFile() throws IOException {
    letters("both", 5, 1);
    FileRows files = new FileRows(DataSource.directory(dir));

    Optional<Dataset> carried = files.read("both", Optional.of((ROW + ROW).getBytes(StandardCharsets.US_ASCII)), 26);
    Dataset loaded = files.load("both", Optional.empty(), 26);

    assertThat(carried).get().extracting(Dataset::rows).isEqualTo(2);
    assertThat(loaded.rows()).isEqualTo(5);
  }

  @Test
  void aFileTheNodeDoesNotHaveIsNoRowsForAQueryAndNoSuchFileForAJob() throws IOException {
    FileRows files = new FileRows(DataSource.directory(dir));

    assertThat(files.read("absent", Optional.empty(), 26)).isEmpty();
    assertThatThrownBy(() -> files.load("absent", Optional.empty(), 26)).isInstanceOf(NoSuchFileException.class);
    assertThat(files).hasToString(dir.toString());
  }

  @Test
  void carriedBytesThatDoNotParseFailNamingTheFileAndTheLine() {
    FileRows files = new FileRows(DataSource.directory(dir));

    assertThatThrownBy(() -> files.read("garbled", Optional.of("1,2,3\n1,2\n".getBytes(StandardCharsets.US_ASCII)), 26))
        .isInstanceOf(IOException.class).hasMessageStartingWith("garbled line 2");
  }
}
