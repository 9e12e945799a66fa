package org.dhtfl.client.report;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.UUID;

/**
 * Files replaced whole or not at all: the content goes to a temporary file in the same folder,
 * which is then renamed over the old file. A process killed at any moment leaves either the old
 * file or the new one, never half of one (a crash of the machine itself is another matter: nothing
 * is forced to disk).
 */
public final class AtomicFiles {

  /** Writes the content to the given (temporary) file. */
  @FunctionalInterface
  public interface Content {
    void writeTo(Path file) throws IOException;
  }

  private AtomicFiles() {
  }

  /** Replaces {@code file} with what {@code content} writes. */
  public static void replace(Path file, Content content) throws IOException {
    Objects.requireNonNull(content, "content");
    Path target = file.toAbsolutePath();
    // Not Files.createTempFile: its owner-only permissions would stay with the file.
    Path temporary = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
    try {
      content.writeTo(temporary);
      try {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }
}
