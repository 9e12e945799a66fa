package org.dhtfl.client.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The training files of a data folder: regular, not hidden, sorted by name. */
public final class DataFiles {

  private DataFiles() {
  }

  /** The first {@code max} files by name (all when max is 0); fails when there are none. */
  public static List<String> list(Path dir, int max) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("data directory " + dir + " does not exist");
    }
    List<String> names;
    try (Stream<Path> list = Files.list(dir)) {
      names = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString())
          .filter(n -> !n.startsWith(".")).sorted().toList();
    }
    if (names.isEmpty()) {
      throw new IOException("data directory " + dir + " has no files");
    }
    return max > 0 && max < names.size() ? names.subList(0, max) : names;
  }
}
