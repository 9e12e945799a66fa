package org.dhtfl.client.aggregation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Which files train in a round ({@code --fraction}): a random share of them, drawn from the run's
 * seed and the round's number, so that a resumed run draws what an uninterrupted one would. The
 * share is round(fraction x files), at least one; all files when the fraction is 1.
 */
public record Participation(double fraction, long seed) {

  public Participation {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("--fraction " + fraction + " must be in (0, 1]");
    }
  }

  /** Every file, every round. */
  public static Participation all() {
    return new Participation(1, 0);
  }

  /** The round's files, in the order of {@code files}. */
  public List<String> choose(List<String> files, int round) {
    if (fraction == 1) {
      return List.copyOf(files);
    }
    int count = Math.max(1, (int) Math.round(fraction * files.size()));
    List<String> shuffled = new ArrayList<>(files);
    Collections.shuffle(shuffled, new Random(seed ^ 0x9E3779B97F4A7C15L * round));
    Set<String> chosen = new HashSet<>(shuffled.subList(0, count));
    return files.stream().filter(chosen::contains).toList();
  }
}
