package org.dhtfl.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.stream.Stream;
import org.dhtfl.ml.DataFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShardSplitterTest {

  @TempDir
  Path folder;

  /** 2,600 rows in the letters format, labels drawn uniformly from 0..25. */
  private Path letters() throws IOException {
    List<Path> files = new SyntheticLetters(11, 2.0)
        .write(folder.resolve("source"), 1, 2600, folder.resolve("unused-validation"), 1);
    return files.get(0);
  }

  private Path write(String name, String text) throws IOException {
    Path file = folder.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    return file;
  }

  private static List<String> sorted(List<String> lines) {
    return lines.stream().sorted().toList();
  }

  private static List<String> texts(Shard shard) {
    return shard.rows().stream().map(Shard.Row::text).toList();
  }

  /** The mean, over the shards that have rows, of the share of each shard's most frequent label. */
  private static double meanTopLabelShare(List<Shard> shards) {
    return shards.stream().map(Shard::topLabelShare).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).average().orElseThrow();
  }

  @Test
  void everyInputRowLandsInExactlyOneWrittenShardUnderIid() throws IOException {
    // Arrange
    Path input = letters();
    Path out = folder.resolve("iid");

    // Act
    List<Path> files = ShardSplitter.write(ShardSplitter.iid(7, 1).split(input), out);

    // Assert
    List<String> written = new ArrayList<>();
    for (Path file : files) {
      written.addAll(Files.readAllLines(file));
    }
    assertThat(sorted(written)).isEqualTo(sorted(Files.readAllLines(input)));
  }

  @Test
  void everyInputRowLandsInExactlyOneShardUnderDirichlet() throws IOException {
    // Arrange
    Path input = letters();

    // Act
    List<Shard> shards = ShardSplitter.dirichlet(9, 0.3, 5).split(input);

    // Assert
    List<String> all = shards.stream().flatMap(shard -> texts(shard).stream()).toList();
    assertThat(sorted(all)).isEqualTo(sorted(Files.readAllLines(input)));
  }

  @Test
  void theSameSeedSplitsTheSameWayAndAnotherSeedDifferently() throws IOException {
    // Arrange
    Path input = letters();

    // Act
    List<Shard> first = ShardSplitter.dirichlet(5, 0.5, 42).split(input);
    List<Shard> again = ShardSplitter.dirichlet(5, 0.5, 42).split(input);
    List<Shard> other = ShardSplitter.dirichlet(5, 0.5, 43).split(input);
    List<Shard> iid = ShardSplitter.iid(5, 42).split(input);
    List<Shard> iidAgain = ShardSplitter.iid(5, 42).split(input);

    // Assert
    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(iidAgain).isEqualTo(iid);
  }

  @Test
  void aSortedSplitCutsTheRowsInStableLabelOrderIntoNearlyEqualShards() {
    // Arrange: labels 2, 0, 1, 0, 2, 1, 0 in that order
    List<Shard.Row> rows = List.of(new Shard.Row("a,2", 2), new Shard.Row("b,0", 0), new Shard.Row("c,1", 1),
        new Shard.Row("d,0", 0), new Shard.Row("e,2", 2), new Shard.Row("f,1", 1), new Shard.Row("g,0", 0));

    // Act
    List<Shard> shards = ShardSplitter.sorted(3).split(rows);

    // Assert: 0 0 0 | 1 1 | 2 2, each label's rows in the input's order
    assertThat(shards).extracting(Shard::name).containsExactly("shard-0", "shard-1", "shard-2");
    assertThat(texts(shards.get(0))).containsExactly("b,0", "d,0", "g,0");
    assertThat(texts(shards.get(1))).containsExactly("c,1", "f,1");
    assertThat(texts(shards.get(2))).containsExactly("a,2", "e,2");
  }

  @Test
  void iidShardSizesDifferByAtMostOne() throws IOException {
    // Act: 2600 = 7 x 371 + 3
    List<Shard> shards = ShardSplitter.iid(7, 3).split(letters());

    // Assert
    assertThat(shards).extracting(Shard::size).containsExactly(372, 372, 372, 371, 371, 371, 371);
  }

  @Test
  void iidDealsEveryRowToSomeShardEvenWhenThereAreMoreShardsThanRows() throws IOException {
    // Act
    List<Shard> shards = ShardSplitter.iid(5, 3).split(write("three", "1,0\n2,1\n3,0\n"));

    // Assert
    assertThat(shards).extracting(Shard::size).containsExactly(1, 1, 1, 0, 0);
  }

  @Test
  void aSmallAlphaGivesShardsDominatedByFewLabels() throws IOException {
    // Arrange
    Path input = letters();

    // Act
    double skewed = meanTopLabelShare(ShardSplitter.dirichlet(10, 0.1, 7).split(input));
    double iid = meanTopLabelShare(ShardSplitter.iid(10, 7).split(input));

    // Assert: 26 labels evenly mixed give about 1/26 = 0.04 (0.065 here), alpha 0.1 about 0.35
    assertThat(iid).isLessThan(0.1);
    assertThat(skewed).isGreaterThan(0.25);
  }

  @Test
  void aLargeAlphaGivesShardsOfNearlyUniformLabels() throws IOException {
    // Act
    List<Shard> shards = ShardSplitter.dirichlet(10, 1000, 7).split(letters());

    // Assert
    assertThat(meanTopLabelShare(shards)).isLessThan(0.08);
    assertThat(shards).extracting(Shard::size).allSatisfy(size -> assertThat(size).isBetween(240, 280));
  }

  @Test
  void shardNamesArePaddedToTheWidthOfTheLastIndex() {
    assertThat(ShardSplitter.name(0, 1)).isEqualTo("shard-0");
    assertThat(ShardSplitter.name(9, 10)).isEqualTo("shard-9");
    assertThat(ShardSplitter.name(0, 11)).isEqualTo("shard-00");
    assertThat(ShardSplitter.name(10, 11)).isEqualTo("shard-10");
    assertThat(ShardSplitter.name(7, 1000)).isEqualTo("shard-007");
  }

  @Test
  void writtenShardsKeepTheRowsTextAndOrderWithLfLineEnds() throws IOException {
    // Arrange: CRLF, a blank line and spaces around the numbers
    Path input = write("mixed", "1, 2,0\r\n\r\n3,4,1\r\n5,6,0\r\n 7,8,1");
    Path out = folder.resolve("out");

    // Act
    List<Path> files = ShardSplitter.write(ShardSplitter.iid(1, 9).split(input), out);

    // Assert
    assertThat(files).containsExactly(out.resolve("shard-0"));
    assertThat(Files.readString(files.get(0))).isEqualTo("1, 2,0\n3,4,1\n5,6,0\n 7,8,1\n");
  }

  @Test
  void writingIntoAFolderThatIsNotEmptyIsRefused() throws IOException {
    // Arrange
    Path out = Files.createDirectories(folder.resolve("letters"));
    Files.writeString(out.resolve("shard-0"), "left over\n");
    List<Shard> shards = ShardSplitter.iid(1, 1).split(write("one", "1,0\n"));

    // Act and assert
    assertThatThrownBy(() -> ShardSplitter.write(shards, out))
        .isInstanceOf(IOException.class)
        .hasMessageStartingWith(out + " is not empty");
    assertThat(Files.readString(out.resolve("shard-0"))).isEqualTo("left over\n");
  }

  @Test
  void fewerThanOneShardIsRefused() {
    assertThatThrownBy(() -> ShardSplitter.iid(0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards 0 must be at least 1");
    assertThatThrownBy(() -> ShardSplitter.dirichlet(-2, 0.5, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shards -2 must be at least 1");
  }

  @Test
  void anAlphaThatIsNotPositiveIsRefused() {
    assertThatThrownBy(() -> ShardSplitter.dirichlet(4, 0, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("alpha 0.0 must be positive and finite");
  }

  @Test
  void anEmptyFileIsRefusedByName() throws IOException {
    // Arrange
    Path input = write("empty", "");

    // Act and assert
    assertThatThrownBy(() -> ShardSplitter.iid(3, 1).split(input))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(input + ": no rows");
  }

  @Test
  void aMalformedRowIsRefusedNamingTheFileAndLine() throws IOException {
    // Arrange
    Path input = write("broken", "1,2,0\n3,4,1\n5,x,0\n");

    // Act and assert
    assertThatThrownBy(() -> ShardSplitter.dirichlet(3, 0.5, 1).split(input))
        .isInstanceOf(DataFormatException.class)
        .hasMessage(input + " line 3, column 2: 'x' is not an integer");
  }

  @Test
  void describesItsSettings() {
    // Act
    ShardSplitter splitter = ShardSplitter.dirichlet(4, 0.5, 9);

    // Assert
    assertThat(splitter.shards()).isEqualTo(4);
    assertThat(splitter.alpha()).hasValue(0.5);
    assertThat(splitter.seed()).isEqualTo(9);
    assertThat(ShardSplitter.iid(4, 9).alpha()).isEmpty();
    assertThat(splitter).hasToString("ShardSplitter[4 shards, Dirichlet alpha 0.5, seed 9]");
  }

  @Test
  void aShardIndexOutsideTheShardsIsRefused() {
    assertThatThrownBy(() -> ShardSplitter.name(3, 3))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard index 3 is outside 0..2");
  }

  @Test
  void splittingRowsInMemoryNeedsNoFile() {
    // Arrange
    List<Shard.Row> rows = List.of(new Shard.Row("1,0", 0), new Shard.Row("2,1", 1), new Shard.Row("3,1", 1));

    // Act
    List<Shard> shards = ShardSplitter.iid(2, 4).split(rows);

    // Assert
    assertThat(shards).extracting(Shard::name).containsExactly("shard-0", "shard-1");
    try (Stream<Shard.Row> all = shards.stream().flatMap(shard -> shard.rows().stream())) {
      assertThat(all).containsExactlyInAnyOrderElementsOf(rows);
    }
  }
}
