package org.dhtfl.client.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One shard of a split data file: its name and its rows, each the input's line as it was, with the
 * label read from it.
 *
 * @param name the file name, e.g. {@code shard-007}
 * @param rows the rows, in the order of the input; the accessor returns an unmodifiable list
 */
public record Shard(String name, List<Row> rows) {

  /** One line of the input and its label (the last column). */
  public record Row(String text, int label) {
    public Row {
      Objects.requireNonNull(text, "text");
      if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
        throw new IllegalArgumentException("row '" + text.strip() + "' spans more than one line");
      }
    }
  }

  /** How many rows of a shard have one label. */
  public record LabelCount(int label, int rows) {
  }

  public Shard {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("shard name '" + name + "' is blank");
    }
    rows = List.copyOf(rows);
  }

  public int size() {
    return rows.size();
  }

  /** The number of rows of each label present, by label. */
  public SortedMap<Integer, Integer> labelCounts() {
    SortedMap<Integer, Integer> counts = new TreeMap<>();
    for (Row row : rows) {
      counts.merge(row.label(), 1, Integer::sum);
    }
    return Collections.unmodifiableSortedMap(counts);
  }

  /** The {@code limit} most frequent labels, most frequent first, ties by smaller label first. */
  public List<LabelCount> topLabels(int limit) {
    if (limit < 0) {
      throw new IllegalArgumentException("limit " + limit + " must be at least 0");
    }
    List<LabelCount> counts = new ArrayList<>();
    labelCounts().forEach((label, count) -> counts.add(new LabelCount(label, count)));
    counts.sort(Comparator.comparingInt(LabelCount::rows).reversed().thenComparingInt(LabelCount::label));
    return List.copyOf(counts.subList(0, Math.min(limit, counts.size())));
  }

  /**
   * The fraction of the rows that have the most frequent label: 1 for a shard of one label, about
   * 1/classes for a shard of evenly mixed labels. Empty for a shard without rows.
   */
  public OptionalDouble topLabelShare() {
    return rows.isEmpty()
        ? OptionalDouble.empty()
        : OptionalDouble.of((double) topLabels(1).get(0).rows() / rows.size());
  }
}
