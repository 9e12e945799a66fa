package org.dhtfl.ml;

import java.io.IOException;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** A data file that cannot be read as rows of integer features and a class label. */
public final class DataFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String fileName;
  private final long lineNumber;
  private final int column;

  private DataFormatException(String fileName, long lineNumber, int column, String message) {
    super(message);
    this.fileName = fileName;
    this.lineNumber = lineNumber;
    this.column = column;
  }

  /** A fault on one line: "{file} line {line}: {detail}". */
  static DataFormatException atLine(String fileName, long lineNumber, String detail) {
    return new DataFormatException(fileName, lineNumber, 0, fileName + " line " + lineNumber + ": " + detail);
  }

  /** A fault in one cell: "{file} line {line}, column {column}: {detail}". Column is 1-based. */
  static DataFormatException atCell(String fileName, long lineNumber, int column, String detail) {
    return new DataFormatException(fileName, lineNumber, column,
        fileName + " line " + lineNumber + ", column " + column + ": " + detail);
  }

  /** A fault of the whole file: "{file}: {detail}". */
  static DataFormatException inFile(String fileName, String detail) {
    return new DataFormatException(fileName, 0, 0, fileName + ": " + detail);
  }

  static DataFormatException wrapping(String fileName, long lineNumber, Throwable cause) {
    DataFormatException exception = atLine(fileName, lineNumber, String.valueOf(cause.getMessage()));
    exception.initCause(cause);
    return exception;
  }

  /** The file (or stream name) as the reader was given it. */
  public String fileName() {
    return Objects.requireNonNullElse(fileName, "");
  }

  /** The 1-based line of the fault; empty when the fault is the whole file's (e.g. no rows). */
  public OptionalLong lineNumber() {
    return lineNumber > 0 ? OptionalLong.of(lineNumber) : OptionalLong.empty();
  }

  /** The 1-based column of the fault, when it is one cell's. */
  public OptionalInt column() {
    return column > 0 ? OptionalInt.of(column) : OptionalInt.empty();
  }
}
