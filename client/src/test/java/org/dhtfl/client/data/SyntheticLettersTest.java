package org.dhtfl.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticLettersTest {

  @TempDir
  Path dir;

  private List<Path> write(String folder, long seed) throws IOException {
    return new SyntheticLetters(seed, 5.0).write(dir.resolve(folder).resolve("letters"), 4, 50,
        dir.resolve(folder).resolve("validate_letters.txt"), 80);
  }

  private static List<String> names(List<Path> files) {
    return files.stream().map(p -> p.getFileName().toString()).toList();
  }

  @Test
  void theSameSeedWritesTheSameFilesByteForByte() throws IOException {
    List<Path> first = write("a", 7);
    List<Path> second = write("b", 7);

    assertThat(names(second)).isEqualTo(names(first));
    for (int i = 0; i < first.size(); i++) {
      assertThat(Files.readAllBytes(second.get(i))).as(names(first).get(i)).isEqualTo(Files.readAllBytes(first.get(i)));
    }
    assertThat(Files.readAllBytes(dir.resolve("b/validate_letters.txt")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a/validate_letters.txt")));
  }

  @Test
  void anotherSeedWritesOtherData() throws IOException {
    List<Path> first = write("a", 7);
    List<Path> other = write("b", 8);

    assertThat(names(other)).isNotEqualTo(names(first));
    assertThat(Files.readAllBytes(other.get(0))).isNotEqualTo(Files.readAllBytes(first.get(0)));
  }

  @Test
  void everyShardAndTheValidationFileParseAsLettersRows() throws IOException {
    List<Path> shards = write("a", 1);

    for (Path shard : shards) {
      Dataset data = CsvData.read(shard, SyntheticLetters.CLASSES);
      assertThat(data.rows()).isEqualTo(50);
      assertThat(data.features()).isEqualTo(16);
      assertThat(Arrays.stream(data.labels()).boxed()).allSatisfy(label -> assertThat(label).isBetween(0, 25));
      assertThat(Arrays.stream(data.values()).boxed())
          .allSatisfy(value -> assertThat(value).isBetween(0.0, 15.0).isEqualTo(Math.rint(value)));
    }
    Dataset validation = CsvData.read(dir.resolve("a/validate_letters.txt"), SyntheticLetters.CLASSES);
    assertThat(validation.rows()).isEqualTo(80);
    assertThat(validation.features()).isEqualTo(SyntheticLetters.FEATURES);
  }

  @Test
  void rowsAreSixteenIntegersAndALabelWithoutAHeader() throws IOException {
    List<Path> shards = write("a", 1);

    List<String> lines = Files.readAllLines(shards.get(0));

    assertThat(lines).hasSize(50).allSatisfy(line -> assertThat(line).matches("(\\d{1,2},){16}\\d{1,2}"));
  }

  @Test
  void manyRowsCoverEveryClass() throws IOException {
    new SyntheticLetters(3, 5.0).write(dir.resolve("letters"), 1, 1, dir.resolve("validate_letters.txt"), 2000);

    Dataset validation = CsvData.read(dir.resolve("validate_letters.txt"), SyntheticLetters.CLASSES);

    assertThat(Arrays.stream(validation.labels()).distinct().count()).isEqualTo(26);
  }

  @Test
  void shardNamesAreTenDistinctAlphanumerics() throws IOException {
    List<Path> shards = new SyntheticLetters(1, 5.0).write(dir.resolve("letters"), 30, 1,
        dir.resolve("validate_letters.txt"), 1);

    assertThat(names(shards)).hasSize(30).doesNotHaveDuplicates()
        .allSatisfy(name -> assertThat(name).matches("[A-Za-z0-9]{10}"));
    assertThat(shards).allSatisfy(p -> assertThat(p).isRegularFile().hasParent(dir.resolve("letters")));
  }

  @Test
  void withoutNoiseEveryRowOfAClassIsItsPrototype() throws IOException {
    new SyntheticLetters(5, 0.0).write(dir.resolve("letters"), 1, 1, dir.resolve("validate_letters.txt"), 500);

    Dataset data = CsvData.read(dir.resolve("validate_letters.txt"), SyntheticLetters.CLASSES);

    double[][] prototype = new double[26][];
    double[] values = data.values();
    int[] labels = data.labels();
    for (int r = 0; r < data.rows(); r++) {
      double[] row = Arrays.copyOfRange(values, r * 16, (r + 1) * 16);
      if (prototype[labels[r]] == null) {
        prototype[labels[r]] = row;
      }
      assertThat(row).as("row %d of class %d", r, labels[r]).containsExactly(prototype[labels[r]]);
    }
  }

  @Test
  void negativeOrMissingNoiseAndEmptySizesAreRefused() {
    assertThatThrownBy(() -> new SyntheticLetters(1, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("noise -1.0 must be at least 0");
    assertThatThrownBy(() -> new SyntheticLetters(1, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SyntheticLetters(1, 5).write(dir, 0, 1, dir.resolve("v"), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards, rows and validation rows must be at least 1");
  }
}
