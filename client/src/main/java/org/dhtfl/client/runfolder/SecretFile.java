package org.dhtfl.client.runfolder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.dhtfl.jobs.RunSecret;

/** A run folder's {@code run.secret}: the run's secret, readable by its owner alone. */
final class SecretFile {

  static final String NAME = "run.secret";

  private SecretFile() {
  }

  /**
   * The run's secret from {@code run.secret}, or empty when the folder has none: the run then goes
   * on under a new secret and id, since no node takes a run without its secret. A secret that is
   * not the recorded run's is refused.
   */
  static Optional<RunSecret> read(Path dir, String runId) throws IOException {
    Path file = dir.resolve(NAME);
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    RunSecret secret;
    try {
      secret = RunSecret.of(Files.readString(file, StandardCharsets.UTF_8).strip());
    } catch (IllegalArgumentException e) {
      throw new IOException(file + ": not a run secret: " + e.getMessage(), e);
    }
    if (!secret.runId().equals(runId)) {
      throw new IOException(file + " holds the secret of " + secret.runId() + ", not of the recorded run " + runId);
    }
    return Optional.of(secret);
  }

  /** Writes the secret into a new file that only its owner may read or write (where the file system has modes). */
  static void write(Path dir, RunSecret secret) throws IOException {
    Path file = dir.resolve(NAME);
    Files.deleteIfExists(file);
    if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
      Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } else {
      Files.createFile(file);
    }
    Files.writeString(file, secret.value() + "\n", StandardCharsets.UTF_8);
  }
}
