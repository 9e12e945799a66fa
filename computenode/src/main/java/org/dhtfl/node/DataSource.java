package org.dhtfl.node;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.dhtfl.jobs.FileNames;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;

/** Where a node finds the training files it has itself (the reference's data folder). */
public interface DataSource {

  /** True when this node has the file. */
  boolean has(String filename);

  /** The file's rows; NoSuchFileException when it is not here, DataFormatException naming the bad line. */
  Dataset read(String filename, int classes) throws IOException;

  /** The file's bytes, when this node has it (for a successor that takes over its job). */
  Optional<byte[]> bytes(String filename);

  /** The files of a folder; names are checked so that none escapes it. */
  static DataSource directory(Path dir) {
    return new DataSource() {
      @Override
      public boolean has(String filename) {
        return Files.isRegularFile(dir.resolve(FileNames.check(filename)));
      }

      @Override
      public Dataset read(String filename, int classes) throws IOException {
        Path file = dir.resolve(FileNames.check(filename));
        if (!Files.isRegularFile(file)) {
          throw new NoSuchFileException(file.toString());
        }
        return CsvData.read(file, classes);
      }

      @Override
      public Optional<byte[]> bytes(String filename) {
        try {
          return has(filename) ? Optional.of(Files.readAllBytes(dir.resolve(filename))) : Optional.empty();
        } catch (IOException e) {
          return Optional.empty();
        }
      }

      @Override
      public String toString() {
        return dir.toString();
      }
    };
  }
}
