package org.dhtfl.jobs;

import java.util.Locale;

/** Where a file's training stands, with the reference's wire names. */
public enum JobStatus {
  WAIT, DONE, NOT_FOUND, FAILED;

  /** "wait", "done", "not_found", "failed": the IDL's STATUS_ constants. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status named on the wire; fails naming an unknown one. */
  public static JobStatus parse(String wire) {
    for (JobStatus s : values()) {
      if (s.wireName().equals(wire)) {
        return s;
      }
    }
    throw new IllegalArgumentException("unknown model status '" + wire + "'");
  }
}
