package org.dhtfl.ml;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Data for tests: random rows shaped like the letters data, and where the real data lives. */
final class TestData {
  private TestData() {
  }

  /** n rows of d integer features in 0..15 and labels in 0..k-1, from a fixed seed. */
  static Dataset random(String name, int n, int d, int k, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[n * d];
    int[] labels = new int[n];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextInt(16);
    }
    for (int t = 0; t < n; t++) {
      labels[t] = random.nextInt(k);
    }
    return Dataset.labelled(name, d, values, labels);
  }

  /** The rows of a dataset as double[][] for {@link ReferenceTrainer}. */
  static double[][] rows(Dataset data) {
    double[] values = data.values();
    double[][] rows = new double[data.rows()][data.features()];
    for (int t = 0; t < data.rows(); t++) {
      System.arraycopy(values, t * data.features(), rows[t], 0, data.features());
    }
    return rows;
  }

  /**
   * The project's letters data (data/ in the project root), found from the module directory that
   * surefire passes as {@code basedir}. It is part of the project, so it must be there.
   */
  static Path letters() {
    String basedir = System.getProperty("basedir", System.getProperty("user.dir"));
    Path data = Path.of(basedir).resolve("../data").normalize();
    if (!Files.isDirectory(data.resolve("letters")) || !Files.isRegularFile(data.resolve("validate_letters.txt"))) {
      throw new IllegalStateException("the project's letters data is missing from " + data);
    }
    return data;
  }
}
