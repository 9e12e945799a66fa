package org.dhtfl.jobs;

import java.util.Objects;

/**
 * One file in one round of a run. The reference's put_data jobs are round 1 of the run named
 * {@link #REFERENCE_RUN}.
 */
public record JobKey(String runId, int round, String filename) {

  public static final String REFERENCE_RUN = "put_data";
  public static final int MAX_RUN_ID = 128;
  public static final int MAX_ROUND = 1_000_000;

  public JobKey {
    Objects.requireNonNull(runId, "run id");
    if (runId.isEmpty() || runId.length() > MAX_RUN_ID) {
      throw new IllegalArgumentException("run id of " + runId.length() + " characters; 1.." + MAX_RUN_ID + " allowed");
    }
    for (int i = 0; i < runId.length(); i++) {
      if (Character.isISOControl(runId.charAt(i))) {
        throw new IllegalArgumentException("run id '" + FileNames.printable(runId) + "' has a control character");
      }
    }
    if (round < 1 || round > MAX_ROUND) {
      throw new IllegalArgumentException("round " + round + " out of range 1.." + MAX_ROUND);
    }
    FileNames.check(filename);
  }

  /** The job put_data starts for a file. */
  public static JobKey reference(String filename) {
    return new JobKey(REFERENCE_RUN, 1, filename);
  }

  @Override
  public String toString() {
    return runId + "/" + round + "/" + filename;
  }
}
