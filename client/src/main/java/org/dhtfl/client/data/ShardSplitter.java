package org.dhtfl.client.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Random;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;

/**
 * Splits one labelled data file (the letters format: integer features, then an integer label, no
 * header) into N shards named {@code shard-0..} (see {@link #name}), deterministically for a seed:
 *
 * <ul>
 *   <li>IID: the rows are shuffled and dealt round-robin, so shard sizes differ by at most one.</li>
 *   <li>Non-IID by label: for each label in turn (ascending), its rows are shuffled, proportions over
 *       the N shards are drawn from {@link Dirichlet Dir(alpha, ..., alpha)}, and the rows are cut
 *       at the rounded cumulative proportions. Small alpha gives each shard few labels (and may
 *       leave a shard empty); large alpha gives every shard about the same label mix.</li>
 *   <li>Sorted by label: the rows in ascending label order (stable: rows of one label keep the input's
 *       order), cut in that order into shards whose sizes differ by at most one, the first ones the
 *       larger; each shard holds one or two labels when there are no more labels than shards (the
 *       pathological split of McMahan et al. 2017). No randomness.</li>
 * </ul>
 *
 * <p>Every row of the input lands in exactly one shard, as the same text (blank lines are dropped and
 * line ends become LF); within a shard, rows keep the input's order, or the sorted order in a sorted
 * split (as {@code sort -s} and {@code split} would cut them). The random numbers come from
 * {@link Random}, whose sequence the Java specification fixes, so a seed splits the same way on every
 * JVM.
 */
public final class ShardSplitter {

  private final int shards;
  private final Optional<Dirichlet> dirichlet;
  private final boolean sorted;
  private final long seed;

  private ShardSplitter(int shards, Optional<Dirichlet> dirichlet, boolean sorted, long seed) {
    this.shards = requireShards(shards);
    this.dirichlet = dirichlet;
    this.sorted = sorted;
    this.seed = seed;
  }

  /** Shuffle, then deal the rows round-robin over {@code shards} shards. */
  public static ShardSplitter iid(int shards, long seed) {
    return new ShardSplitter(shards, Optional.empty(), false, seed);
  }

  /** Split each label's rows over {@code shards} shards in Dirichlet(alpha) proportions. */
  public static ShardSplitter dirichlet(int shards, double alpha, long seed) {
    return new ShardSplitter(shards, Optional.of(new Dirichlet(requireShards(shards), alpha)), false, seed);
  }

  /** Sort the rows by label (stably) and cut them in order into {@code shards} shards of equal size, or nearly. */
  public static ShardSplitter sorted(int shards) {
    return new ShardSplitter(shards, Optional.empty(), true, 0);
  }

  private static int requireShards(int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards " + shards + " must be at least 1");
    }
    return shards;
  }

  public int shards() {
    return shards;
  }

  /** The concentration of the non-IID split; empty for IID. */
  public OptionalDouble alpha() {
    return dirichlet.map(d -> OptionalDouble.of(d.alpha())).orElse(OptionalDouble.empty());
  }

  public long seed() {
    return seed;
  }

  /**
   * The name of shard {@code index} of {@code shards}: {@code shard-} and the index, zero-padded to
   * the width of the last index ({@code shard-0..shard-9} for 10, {@code shard-000..shard-999} for
   * 1000).
   */
  public static String name(int index, int shards) {
    if (shards < 1 || index < 0 || index >= shards) {
      throw new IllegalArgumentException("shard index " + index + " is outside 0.." + (shards - 1));
    }
    int width = String.valueOf(shards - 1).length();
    return "shard-" + "0".repeat(width - String.valueOf(index).length()) + index;
  }

  /**
   * Reads {@code input} and splits it.
   *
   * @throws org.dhtfl.ml.DataFormatException naming the file and line of a malformed row, or the file
   *     when it has no rows
   */
  public List<Shard> split(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    // CsvData checks every row (and names the line of a fault); the shards keep the text as it was.
    Dataset data = CsvData.read(input, Integer.MAX_VALUE);
    List<String> lines;
    try (Stream<String> all = Files.lines(input, StandardCharsets.UTF_8)) {
      lines = all.filter(line -> !line.isBlank()).toList();
    }
    if (lines.size() != data.rows()) {
      throw new IOException(input + " changed while it was read: " + data.rows() + " rows, then " + lines.size());
    }
    int[] labels = data.labels();
    List<Shard.Row> rows = new ArrayList<>(lines.size());
    for (int i = 0; i < labels.length; i++) {
      rows.add(new Shard.Row(lines.get(i), labels[i]));
    }
    return split(rows);
  }

  /** Splits {@code rows}; shard {@code i} of the result is named {@code name(i, shards)}. */
  public List<Shard> split(List<Shard.Row> rows) {
    Objects.requireNonNull(rows, "rows");
    if (sorted) {
      return cutSorted(rows);
    }
    Random random = new Random(seed);
    int[] shardOf = dirichlet.isPresent() ? byLabel(rows, dirichlet.get(), random) : dealt(rows.size(), random);
    List<List<Shard.Row>> members = new ArrayList<>();
    for (int s = 0; s < shards; s++) {
      members.add(new ArrayList<>());
    }
    for (int i = 0; i < rows.size(); i++) {
      members.get(shardOf[i]).add(rows.get(i));
    }
    List<Shard> result = new ArrayList<>(shards);
    for (int s = 0; s < shards; s++) {
      result.add(new Shard(name(s, shards), members.get(s)));
    }
    return List.copyOf(result);
  }

  /**
   * Writes each shard to {@code folder}/{@code name}, its rows ending in LF. The folder must be new or
   * empty: the client submits every file of its data folder, so a shard left from an earlier split
   * would be trained on too.
   *
   * @return the files written, in the order of {@code shards}
   */
  public static List<Path> write(List<Shard> shards, Path folder) throws IOException {
    Objects.requireNonNull(shards, "shards");
    Objects.requireNonNull(folder, "folder");
    if (Files.exists(folder) && !Files.isDirectory(folder)) {
      throw new IOException(folder + " is not a folder");
    }
    Files.createDirectories(folder);
    try (Stream<Path> present = Files.list(folder)) {
      if (present.findAny().isPresent()) {
        throw new IOException(folder + " is not empty: write the shards into a new or empty folder, since the "
            + "client submits every file of its data folder");
      }
    }
    List<Path> written = new ArrayList<>(shards.size());
    for (Shard shard : shards) {
      StringBuilder text = new StringBuilder();
      shard.rows().forEach(row -> text.append(row.text()).append('\n'));
      Path file = folder.resolve(shard.name());
      Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      written.add(file);
    }
    return List.copyOf(written);
  }

  private List<Shard> cutSorted(List<Shard.Row> rows) {
    List<Shard.Row> order = new ArrayList<>(rows);
    order.sort(java.util.Comparator.comparingInt(Shard.Row::label));
    List<Shard> result = new ArrayList<>(shards);
    int start = 0;
    for (int s = 0; s < shards; s++) {
      int end = start + rows.size() / shards + (s < rows.size() % shards ? 1 : 0);
      result.add(new Shard(name(s, shards), order.subList(start, end)));
      start = end;
    }
    return List.copyOf(result);
  }

  /** IID: row i of a random permutation goes to shard i mod N. */
  private int[] dealt(int count, Random random) {
    int[] order = permutation(count, random);
    int[] shardOf = new int[count];
    for (int i = 0; i < count; i++) {
      shardOf[order[i]] = i % shards;
    }
    return shardOf;
  }

  private int[] byLabel(List<Shard.Row> rows, Dirichlet proportions, Random random) {
    SortedMap<Integer, List<Integer>> rowsOfLabel = new TreeMap<>();
    for (int i = 0; i < rows.size(); i++) {
      rowsOfLabel.computeIfAbsent(rows.get(i).label(), label -> new ArrayList<>()).add(i);
    }
    int[] shardOf = new int[rows.size()];
    for (List<Integer> members : rowsOfLabel.values()) {
      int count = members.size();
      int[] order = permutation(count, random);
      double[] share = proportions.sample(random);
      double cumulative = 0;
      int start = 0;
      for (int s = 0; s < shards; s++) {
        cumulative += share[s];
        int end = s == shards - 1 ? count : (int) Math.min(count, Math.max(start, Math.round(cumulative * count)));
        for (int k = start; k < end; k++) {
          shardOf[members.get(order[k])] = s;
        }
        start = end;
      }
    }
    return shardOf;
  }

  /** A uniformly random order of 0..count-1 (Fisher-Yates, from the last position down). */
  private static int[] permutation(int count, Random random) {
    int[] order = new int[count];
    for (int i = 0; i < count; i++) {
      order[i] = i;
    }
    for (int i = count - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int swap = order[i];
      order[i] = order[j];
      order[j] = swap;
    }
    return order;
  }

  @Override
  public String toString() {
    return "ShardSplitter[" + shards + " shards, " + (sorted ? "sorted by label"
        : dirichlet.map(d -> "Dirichlet alpha " + d.alpha()).orElse("IID") + ", seed " + seed) + "]";
  }
}
