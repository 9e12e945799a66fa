package org.dhtfl.client.calibration;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one calibration found: every candidate with the rows of the nodes' files it classifies right
 * (all counted on the same rows), the one chosen (the most right; the first of equals), how many
 * files answered, why the others did not, and why a head could not be refit, if one could not.
 */
public record Calibration(List<Scored> candidates, int chosenIndex, int files, Map<String, String> failures,
    List<String> notes) {

  /** A candidate and how many of {@code rows} rows it classifies right. */
  public record Scored(Candidate candidate, long correct, long rows) {

    public Scored {
      Objects.requireNonNull(candidate, "candidate");
    }

    /** The share of the rows it gets wrong: its error on the nodes' training rows. */
    public double trainingError() {
      return rows == 0 ? 1 : (double) (rows - correct) / rows;
    }
  }

  public Calibration {
    candidates = List.copyOf(candidates);
    failures = Map.copyOf(failures);
    notes = List.copyOf(notes);
    if (chosenIndex < 0 || chosenIndex >= candidates.size()) {
      throw new IllegalArgumentException("chosen candidate " + chosenIndex + " of " + candidates.size());
    }
  }

  public Scored chosen() {
    return candidates.get(chosenIndex);
  }
}
