package org.dhtfl.ml;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Data for the benchmarks: the letters shards when present, random rows of the same shape otherwise. */
public final class BenchData {
  public static final int FEATURES = 16;
  public static final int HIDDEN = 20;
  public static final int CLASSES = 26;
  public static final int SHARDS = 33;
  public static final int SHARD_ROWS = 500;

  private BenchData() {
  }

  /** The sorted files of a folder (empty when it does not exist). */
  static List<Path> shardFiles(Path folder) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first shard of the folder, or 500 random rows when there is none. */
  static Dataset oneShard(Path folder) {
    List<Path> files = shardFiles(folder);
    if (files.isEmpty()) {
      return TestData.random("random-shard", SHARD_ROWS, FEATURES, CLASSES, 1);
    }
    return read(files.get(0));
  }

  /** All shards of the folder concatenated, or 33 x 500 random rows when there are none. */
  static Dataset allShards(Path folder) {
    List<Path> files = shardFiles(folder);
    if (files.isEmpty()) {
      return TestData.random("random-shards", SHARDS * SHARD_ROWS, FEATURES, CLASSES, 1);
    }
    List<Dataset> parts = new ArrayList<>();
    for (Path file : files) {
      parts.add(read(file));
    }
    return Dataset.concat(folder.toString(), parts);
  }

  static Dataset read(Path file) {
    try {
      return CsvData.read(file, CLASSES, FEATURES);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Multiply-add FLOPs of a training without early stop: (epochs + 1) forward passes and epochs
   * gradient passes (the last pass needs no gradient). Per row: forward 2((d+1)h + (h+1)k), gradient
   * 2((h+1)k + hk + (d+1)h). Exponentials, softmax and masks are not counted.
   */
  public static double trainingFlops(int rows, int epochs) {
    double forward = 2.0 * ((FEATURES + 1) * HIDDEN + (HIDDEN + 1) * CLASSES);
    double gradient = 2.0 * ((HIDDEN + 1) * CLASSES + HIDDEN * CLASSES + (FEATURES + 1) * HIDDEN);
    return rows * ((epochs + 1) * forward + epochs * gradient);
  }
}
