package org.dhtfl.jobs;

import java.util.Locale;

/** What the owner answers to submit_job: it took the job, or it needs the file's bytes with it. */
public enum SubmitAnswer {
  ACCEPTED, NEED_DATA;

  /** "accepted" or "need_data", the IDL's SUBMIT_ACCEPTED and SUBMIT_NEED_DATA. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The answer named on the wire; fails naming an unknown one. */
  public static SubmitAnswer parse(String wire) {
    for (SubmitAnswer a : values()) {
      if (a.wireName().equals(wire)) {
        return a;
      }
    }
    throw new IllegalArgumentException("unknown answer to submit_job '" + wire + "'");
  }
}
