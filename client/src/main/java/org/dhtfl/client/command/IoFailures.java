package org.dhtfl.client.command;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/** One-line messages for the I/O failures the file commands report. */
final class IoFailures {

  private IoFailures() {
  }

  /**
   * What went wrong, naming the file: the exception's own message for the data and model readers
   * (which name file and line), and "{file}: no such file" where the JDK's message is the bare path.
   */
  static String describe(IOException failure) {
    Objects.requireNonNull(failure, "failure");
    if (failure instanceof NoSuchFileException missing) {
      return missing.getFile() + ": no such file";
    }
    if (failure instanceof AccessDeniedException denied) {
      return denied.getFile() + ": permission denied";
    }
    if (failure instanceof FileSystemException system && system.getReason() == null) {
      return system.getFile() + ": " + system.getClass().getSimpleName();
    }
    return String.valueOf(failure.getMessage());
  }
}
