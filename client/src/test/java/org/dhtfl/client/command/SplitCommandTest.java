package org.dhtfl.client.command;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.dhtfl.client.data.SyntheticLetters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitCommandTest {

  @TempDir
  Path folder;

  private Path write(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  /** 1,300 rows in the letters format. */
  private Path letters() throws IOException {
    return new SyntheticLetters(3, 2.0).write(folder.resolve("source"), 1, 1300, folder.resolve("unused"), 1).get(0);
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(file -> file.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void withoutAlphaSplitsIidAndPrintsEachShardsRowsAndTopLabels() throws IOException {
    // Arrange: labels 0 x5, 1 x3, 2 x2
    Path input = write("ten", "1,0\n2,0\n3,0\n4,0\n5,0\n6,1\n7,1\n8,1\n9,2\n10,2\n");
    Path out = folder.resolve("shards");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "3", "--out", out.toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(names(out)).containsExactly("shard-0", "shard-1", "shard-2");
    assertThat(run.outLines()).hasSize(5);
    assertThat(run.outLines().get(0)).matches("shard-0  4 rows  top labels \\d \\(\\d\\)(, \\d \\(\\d\\)){0,2}");
    assertThat(run.outLines().get(1)).startsWith("shard-1  3 rows  top labels ");
    assertThat(run.outLines().get(2)).startsWith("shard-2  3 rows  top labels ");
    assertThat(run.outLines().get(3)).isEqualTo("Wrote 3 shards of 10 rows in all to " + out + " (IID, seed 1)");
    assertThat(run.outLines().get(4)).startsWith("Mean share of a shard's most frequent label: ");
    assertThat(Files.readAllLines(out.resolve("shard-0"))).hasSize(4);
  }

  @Test
  void withAlphaSplitsByLabelAndSaysSo() throws IOException {
    // Arrange
    Path out = folder.resolve("non-iid");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), letters().toString(), "--shards", "4", "--out", out.toString(),
        "--alpha", "1000", "--seed", "5");

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(names(out)).containsExactly("shard-0", "shard-1", "shard-2", "shard-3");
    assertThat(run.outLines()).contains("Wrote 4 shards of 1300 rows in all to " + out + " (Dirichlet alpha 1000.0, seed 5)");
  }

  @Test
  void sortedCutsTheRowsInLabelOrderAndSaysSo() throws IOException {
    // Arrange: labels 0 x5, 1 x3, 2 x2, out of order
    Path input = write("ten", "9,2\n1,0\n6,1\n2,0\n3,0\n7,1\n4,0\n10,2\n5,0\n8,1\n");
    Path out = folder.resolve("sorted");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "3", "--out", out.toString(),
        "--sorted");
    CommandRun both = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "3", "--out",
        folder.resolve("x").toString(), "--sorted", "--alpha", "0.1");

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(Files.readAllLines(out.resolve("shard-0"))).containsExactly("1,0", "2,0", "3,0", "4,0");
    assertThat(Files.readAllLines(out.resolve("shard-1"))).containsExactly("5,0", "6,1", "7,1");
    assertThat(Files.readAllLines(out.resolve("shard-2"))).containsExactly("8,1", "9,2", "10,2");
    assertThat(run.outLines()).contains("Wrote 3 shards of 10 rows in all to " + out + " (sorted by label)");
    assertThat(both.exitCode()).isEqualTo(2);
    assertThat(both.err()).contains("--sorted and --alpha are two different splits");
  }

  @Test
  void theSameSeedWritesTheSameShards() throws IOException {
    // Arrange
    Path input = letters();
    Path first = folder.resolve("first");
    Path second = folder.resolve("second");

    // Act
    CommandRun.of(new SplitCommand(), input.toString(), "--shards", "5", "--out", first.toString(), "--alpha", "0.2");
    CommandRun.of(new SplitCommand(), input.toString(), "--shards", "5", "--out", second.toString(), "--alpha", "0.2");

    // Assert
    for (String name : names(first)) {
      assertThat(Files.readString(second.resolve(name))).isEqualTo(Files.readString(first.resolve(name)));
    }
  }

  @Test
  void shardsWithoutRowsAreWrittenWithAWarning() throws IOException {
    // Arrange
    Path input = write("three", "1,0\n2,1\n3,0\n");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "5", "--out",
        folder.resolve("out").toString());

    // Assert
    assertThat(run.exitCode()).isZero();
    assertThat(run.outLines().get(3)).isEqualTo("shard-3  0 rows");
    assertThat(run.errLines()).containsExactly("warning: 2 shards have no rows (shard-3, shard-4); a node cannot "
        + "train on an empty file, so use fewer --shards");
  }

  @Test
  void fewerThanOneShardIsAUsageError() throws IOException {
    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), write("one", "1,0\n").toString(), "--shards", "0", "--out",
        folder.resolve("out").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("error: --shards 0 must be at least 1");
    assertThat(run.err()).contains("Usage: split");
    assertThat(folder.resolve("out")).doesNotExist();
  }

  @Test
  void anAlphaThatIsNotPositiveIsAUsageError() throws IOException {
    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), write("one", "1,0\n").toString(), "--shards", "2", "--out",
        folder.resolve("out").toString(), "--alpha", "0");

    // Assert
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("error: --alpha 0.0 must be positive and finite");
  }

  @Test
  void aMissingOutputFolderIsAUsageError() throws IOException {
    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), write("one", "1,0\n").toString(), "--shards", "2");

    // Assert
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.errLines().get(0)).isEqualTo("error: Missing required option: '--out=DIR'");
  }

  @Test
  void aMalformedRowFailsWithOneLineNamingTheFileAndLine() throws IOException {
    // Arrange
    Path input = write("broken", "1,0\n2,1\n3;0\n");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "2", "--out",
        folder.resolve("out").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + input + " line 3: 1 columns, expected 2");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void anEmptyInputFails() throws IOException {
    // Arrange
    Path input = write("empty", "");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "2", "--out",
        folder.resolve("out").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + input + ": no rows");
  }

  @Test
  void aMissingInputFails() {
    // Arrange
    Path input = folder.resolve("absent");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), input.toString(), "--shards", "2", "--out",
        folder.resolve("out").toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).containsExactly("error: " + input + ": no such file");
  }

  @Test
  void anOutputFolderThatIsNotEmptyFailsAndIsLeftAlone() throws IOException {
    // Arrange
    Path out = Files.createDirectories(folder.resolve("letters"));
    Files.writeString(out.resolve("zx0uRKUQj5"), "1,0\n");

    // Act
    CommandRun run = CommandRun.of(new SplitCommand(), write("one", "1,0\n").toString(), "--shards", "1", "--out",
        out.toString());

    // Assert
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.errLines()).hasSize(1);
    assertThat(run.err()).startsWith("error: " + out + " is not empty");
    assertThat(names(out)).containsExactly("zx0uRKUQj5");
  }
}
