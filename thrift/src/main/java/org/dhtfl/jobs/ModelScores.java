package org.dhtfl.jobs;

import java.util.List;
import java.util.Objects;

/** Per model of a {@link FileQuery}, how many of the file's rows it classifies right; and the file's rows. */
public record ModelScores(List<Long> correct, long rows) {

  public ModelScores {
    correct = List.copyOf(Objects.requireNonNull(correct, "correct"));
  }
}
