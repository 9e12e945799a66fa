package org.dhtfl.supernode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admission list as the file says now: read again when its time stamp or size changes, so
 * nodes can be added without restarting the supernode. A file that no longer parses keeps the
 * last good list, and the error names the file and line.
 */
final class AdmissionFile implements Supplier<AdmissionList> {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  private final Path file;
  private AdmissionList current;
  private FileTime modified;
  private long size;

  private AdmissionFile(Path file, AdmissionList first, FileTime modified, long size) {
    this.file = file;
    this.current = first;
    this.modified = modified;
    this.size = size;
  }

  /** Reads the file now; an unreadable or malformed file fails here, at start-up. */
  static AdmissionFile open(Path file) throws IOException {
    FileTime modified = Files.getLastModifiedTime(file);
    long size = Files.size(file);
    return new AdmissionFile(file, AdmissionList.read(file), modified, size);
  }

  @Override
  public synchronized AdmissionList get() {
    try {
      FileTime nowModified = Files.getLastModifiedTime(file);
      long nowSize = Files.size(file);
      if (!nowModified.equals(modified) || nowSize != size) {
        modified = nowModified;
        size = nowSize;
        current = AdmissionList.read(file);
        LOG.info("admission list {} read again: {} entries", file, current.entries().size());
      }
    } catch (IOException e) {
      LOG.error("admission list {} not read again, keeping the last good one: {}", file, e.getMessage());
    }
    return current;
  }
}
