package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The project's copy of the letters data is the reference's split byte for byte: every file has the
 * SHA-256 recorded in data/SHA256SUMS (taken from the reference's files), so a line-end conversion
 * or a lost file fails here.
 */
class LettersDataTest {

  @Test
  void everyFileMatchesTheReferenceChecksums() throws IOException, NoSuchAlgorithmException {
    Path data = TestData.letters();
    List<String> lines = Files.readAllLines(data.resolve("SHA256SUMS"));
    assertThat(lines).hasSize(34);
    for (String line : lines) {
      String[] parts = line.split(" +", 2);
      byte[] bytes = Files.readAllBytes(data.resolve(parts[1]));
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
      assertThat(actual).as(parts[1]).isEqualTo(parts[0]);
    }
    try (Stream<Path> shards = Files.list(data.resolve("letters"))) {
      assertThat(shards.count()).isEqualTo(33);
    }
  }

  @Test
  void shardsHold500RowsAndValidation3500() throws IOException {
    Path data = TestData.letters();
    try (Stream<Path> shards = Files.list(data.resolve("letters"))) {
      for (Path shard : shards.toList()) {
        assertThat(CsvData.read(shard, 26, 16).rows()).as(shard.toString()).isEqualTo(500);
      }
    }
    assertThat(CsvData.read(data.resolve("validate_letters.txt"), 26, 16).rows()).isEqualTo(3500);
  }
}
