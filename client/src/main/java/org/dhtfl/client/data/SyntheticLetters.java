package org.dhtfl.client.data;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A small deterministic data set in the letters format, so the demo and the tests need nothing
 * from outside the project: 26 classes, each a random prototype of 16 features in 0..15 plus
 * rounded Gaussian noise, written as shards with random 10-character names (as the reference
 * names its shards) and a validation file.
 */
public final class SyntheticLetters {

  public static final int FEATURES = 16;
  public static final int CLASSES = 26;
  private static final String NAME_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

  private final Random random;
  private final int[][] prototypes = new int[CLASSES][FEATURES];
  private final double noise;

  public SyntheticLetters(long seed, double noise) {
    if (!(noise >= 0)) {
      throw new IllegalArgumentException("noise " + noise + " must be at least 0");
    }
    this.random = new Random(seed);
    this.noise = noise;
    for (int[] prototype : prototypes) {
      for (int f = 0; f < FEATURES; f++) {
        prototype[f] = random.nextInt(16);
      }
    }
  }

  /** Writes {@code shards} files of {@code rows} rows into {@code dir}, and the validation file. */
  public List<Path> write(Path dir, int shards, int rows, Path validation, int validationRows) throws IOException {
    if (shards < 1 || rows < 1 || validationRows < 1) {
      throw new IllegalArgumentException("shards, rows and validation rows must be at least 1");
    }
    Files.createDirectories(dir);
    List<Path> written = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int s = 0; s < shards; s++) {
      String name;
      do {
        name = name();
      } while (!names.add(name));
      Path file = dir.resolve(name);
      writeRows(file, rows);
      written.add(file);
    }
    Path parent = validation.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    writeRows(validation, validationRows);
    return written;
  }

  private void writeRows(Path file, int rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.US_ASCII)) {
      for (int r = 0; r < rows; r++) {
        int label = random.nextInt(CLASSES);
        StringBuilder line = new StringBuilder();
        for (int f = 0; f < FEATURES; f++) {
          long value = Math.round(prototypes[label][f] + noise * random.nextGaussian());
          line.append(Math.max(0, Math.min(15, value))).append(',');
        }
        out.write(line.append(label).append('\n').toString());
      }
    }
  }

  private String name() {
    StringBuilder name = new StringBuilder(10);
    for (int i = 0; i < 10; i++) {
      name.append(NAME_CHARS.charAt(random.nextInt(NAME_CHARS.length())));
    }
    return name.toString();
  }
}
