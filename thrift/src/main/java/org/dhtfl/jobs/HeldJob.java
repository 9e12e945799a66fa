package org.dhtfl.jobs;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * A job a node holds, as the live page shows it: its key, where it stands, and once finished the
 * node that trained it (another node's ID when the node keeps a copy for a neighbour).
 */
public record HeldJob(JobKey key, State state, OptionalInt trainedBy) {

  /** Where a held job stands, with the IDL's words. */
  public enum State {
    QUEUED, TRAINING, DONE, FAILED;

    /** "queued", "training", "done", "failed". */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The state named on the wire; fails naming an unknown one. */
    public static State parse(String wire) {
      for (State s : values()) {
        if (s.wireName().equals(wire)) {
          return s;
        }
      }
      throw new IllegalArgumentException("unknown held job state '" + wire + "'");
    }
  }

  /** Jobs a node reports at most. */
  public static final int MAX_REPORTED = 1_000;

  public HeldJob {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(trainedBy, "trained by");
  }
}
