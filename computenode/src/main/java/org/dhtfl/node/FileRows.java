package org.dhtfl.node;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.util.Objects;
import java.util.Optional;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;

/**
 * Where the rows of a job or a query come from: the file's bytes when they came with it, else the
 * node's own file of that name ({@link DataSource}).
 */
public final class FileRows {

  private final DataSource data;

  public FileRows(DataSource data) {
    this.data = Objects.requireNonNull(data, "data");
  }

  /** True when the node has this file itself. */
  public boolean has(String filename) {
    return data.has(filename);
  }

  /** The file's bytes, when this node has it. */
  public Optional<byte[]> bytes(String filename) {
    return data.bytes(filename);
  }

  /**
   * A file's rows: from the bytes given, else from this node's own file; empty when the node has no
   * such file and no bytes came. A file that does not parse fails naming the line.
   */
  public Optional<Dataset> read(String filename, Optional<byte[]> bytes, int classes) throws IOException {
    if (bytes.isPresent()) {
      return Optional.of(parse(filename, bytes.get(), classes));
    }
    if (!has(filename)) {
      return Optional.empty();
    }
    try {
      return Optional.of(data.read(filename, classes));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /**
   * A job's rows: from the bytes it carries, else from this node's own file, which fails with
   * NoSuchFileException when it is not here.
   */
  Dataset load(String filename, Optional<byte[]> bytes, int classes) throws IOException {
    if (bytes.isPresent()) {
      return parse(filename, bytes.get(), classes);
    }
    return data.read(filename, classes);
  }

  private static Dataset parse(String filename, byte[] bytes, int classes) throws IOException {
    return CsvData.parse(filename, new StringReader(new String(bytes, StandardCharsets.UTF_8)), classes);
  }

  /** The folder the node's own files are in, for messages. */
  @Override
  public String toString() {
    return data.toString();
  }
}
