package org.dhtfl.client.model;

import java.io.IOException;
import java.util.Objects;

/** A model file that cannot be read: the message is "{file} line {line}: {detail}". */
public final class ModelFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String file;
  private final long line;

  /**
   * @param file the file as the reader was given it
   * @param line the 1-based line of the fault
   * @param detail what is wrong, without the file and line
   */
  public ModelFormatException(String file, long line, String detail) {
    super(Objects.requireNonNull(file, "file") + " line " + requirePositive(line) + ": "
        + Objects.requireNonNull(detail, "detail"));
    this.file = file;
    this.line = line;
  }

  private static long requirePositive(long line) {
    if (line < 1) {
      throw new IllegalArgumentException("line " + line + " must be at least 1");
    }
    return line;
  }

  /** The file as the reader was given it. */
  public String file() {
    return file;
  }

  /** The 1-based line of the fault. */
  public long line() {
    return line;
  }
}
