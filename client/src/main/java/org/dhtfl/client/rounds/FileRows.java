package org.dhtfl.client.rounds;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The client's own copy of the files, for what the ring must be told or checked against: a file's
 * bytes (for an owner that does not have it) and its row count (for an answer that reports rows),
 * counted once.
 */
final class FileRows {

  private final Path dataDir;
  private final Map<String, Integer> counts = new HashMap<>();

  FileRows(Path dataDir) {
    this.dataDir = dataDir;
  }

  /** The file's non-blank lines. */
  int count(String file) throws IOException {
    Integer known = counts.get(file);
    if (known == null) {
      try (Stream<String> lines = Files.lines(dataDir.resolve(file))) {
        known = (int) lines.filter(l -> !l.isBlank()).count();
      }
      counts.put(file, known);
    }
    return known;
  }

  byte[] bytes(String file) throws IOException {
    return Files.readAllBytes(dataDir.resolve(file));
  }
}
