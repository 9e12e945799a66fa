package org.dhtfl.node;

import java.util.Locale;

/** Where a file's training stands, with the reference's wire names. */
public enum JobStatus {
  WAIT, DONE, NOT_FOUND, FAILED;

  /** "wait", "done", "not_found", "failed". */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
