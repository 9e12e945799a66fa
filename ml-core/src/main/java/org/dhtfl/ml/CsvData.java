package org.dhtfl.ml;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;
import java.util.OptionalInt;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads the system's data files: comma-separated integer features, then (in labelled files) the class
 * index, no header. CRLF or LF line ends; blank lines are skipped; the last line may lack its newline.
 * Every fault is a {@link DataFormatException} naming the file and line.
 */
public final class CsvData {
  private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder()
      .setQuote(null)
      .setIgnoreEmptyLines(true)
      .setIgnoreSurroundingSpaces(true)
      .get();

  private CsvData() {
  }

  /**
   * Labelled rows; the feature count is set by the first row (its column count minus one). The
   * dataset is named after the file's name; messages name the path as given.
   */
  public static Dataset read(Path file, int classes) throws IOException {
    return read(file, new Layout(true, classes, OptionalInt.empty()));
  }

  /** Labelled rows with exactly {@code expectedFeatures} features each. */
  public static Dataset read(Path file, int classes, int expectedFeatures) throws IOException {
    return read(file, new Layout(true, classes, requireFeatures(expectedFeatures)));
  }

  /** Rows of {@code features} features and no label, for prediction. */
  public static Dataset readUnlabelled(Path file, int features) throws IOException {
    return read(file, new Layout(false, 0, requireFeatures(features)));
  }

  /** Labelled rows from a stream; {@code name} stands for the file in messages. */
  public static Dataset parse(String name, Reader in, int classes) throws IOException {
    return parse(name, in, new Layout(true, classes, OptionalInt.empty()));
  }

  /** Labelled rows with exactly {@code expectedFeatures} features each, from a stream. */
  public static Dataset parse(String name, Reader in, int classes, int expectedFeatures) throws IOException {
    return parse(name, in, new Layout(true, classes, requireFeatures(expectedFeatures)));
  }

  /** Rows of {@code features} features and no label, from a stream. */
  public static Dataset parseUnlabelled(String name, Reader in, int features) throws IOException {
    return parse(name, in, new Layout(false, 0, requireFeatures(features)));
  }

  /**
   * What a row must look like.
   *
   * @param features the feature count; empty to take it from the first row
   */
  private record Layout(boolean labelled, int classes, OptionalInt features) {
    Layout {
      if (labelled && classes < 2) {
        throw new IllegalArgumentException("classes " + classes + " must be at least 2");
      }
    }

    int columnsFor(int firstRowColumns) {
      return features.isPresent() ? features.getAsInt() + (labelled ? 1 : 0) : firstRowColumns;
    }
  }

  private static OptionalInt requireFeatures(int features) {
    if (features < 1) {
      throw new IllegalArgumentException("features " + features + " must be at least 1");
    }
    return OptionalInt.of(features);
  }

  private static Dataset read(Path file, Layout layout) throws IOException {
    Objects.requireNonNull(file, "file");
    try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Path fileName = file.getFileName();
      return parse(file.toString(), in, layout, fileName == null ? file.toString() : fileName.toString());
    }
  }

  private static Dataset parse(String name, Reader in, Layout layout) throws IOException {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(in, "reader");
    return parse(name, in, layout, name);
  }

  private static Dataset parse(String source, Reader in, Layout layout, String datasetName) throws IOException {
    Rows rows = new Rows();
    int columns = 0;
    long line = 0;
    try (CSVParser parser = FORMAT.parse(in)) {
      Iterator<CSVRecord> records = parser.iterator();
      while (true) {
        CSVRecord record;
        try {
          if (!records.hasNext()) {
            break;
          }
          record = records.next();
        } catch (UncheckedIOException | IllegalStateException e) {
          throw DataFormatException.wrapping(source, parser.getCurrentLineNumber() + 1, e);
        }
        line = parser.getCurrentLineNumber();
        if (record.size() == 1 && record.get(0).isBlank()) {
          continue;
        }
        if (columns == 0) {
          columns = layout.columnsFor(record.size());
          if (layout.labelled() && columns < 2) {
            throw DataFormatException.atLine(source, line,
                record.size() + " column, expected at least 2 (features, then the label)");
          }
        }
        if (record.size() != columns) {
          throw DataFormatException.atLine(source, line,
              record.size() + " columns, expected " + columns);
        }
        int features = layout.labelled() ? columns - 1 : columns;
        for (int c = 0; c < features; c++) {
          rows.addValue(integer(source, line, c, record.get(c)));
        }
        if (layout.labelled()) {
          int label = integer(source, line, features, record.get(features));
          if (label < 0 || label >= layout.classes()) {
            throw DataFormatException.atCell(source, line, features + 1,
                "label " + label + " is outside 0.." + (layout.classes() - 1));
          }
          rows.addLabel(label);
        }
        rows.count++;
      }
    }
    if (rows.count == 0) {
      throw DataFormatException.inFile(source, "no rows");
    }
    int features = layout.labelled() ? columns - 1 : columns;
    double[] values = rows.values();
    return layout.labelled()
        ? Dataset.labelled(datasetName, features, values, rows.labels())
        : Dataset.unlabelled(datasetName, features, values);
  }

  private static int integer(String source, long line, int column, String text) throws DataFormatException {
    try {
      return Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw DataFormatException.atCell(source, line, column + 1, "'" + text + "' is not an integer");
    }
  }

  /** Growable primitive arrays, so reading 20,000 rows does not box 340,000 numbers. */
  private static final class Rows {
    private double[] values = new double[1024];
    private int valueCount;
    private int[] labels = new int[64];
    private int labelCount;
    int count;

    void addValue(double value) {
      if (valueCount == values.length) {
        values = Arrays.copyOf(values, grow(values.length));
      }
      values[valueCount++] = value;
    }

    void addLabel(int label) {
      if (labelCount == labels.length) {
        labels = Arrays.copyOf(labels, grow(labels.length));
      }
      labels[labelCount++] = label;
    }

    private static int grow(int length) {
      if (length >= Integer.MAX_VALUE / 2) {
        throw new IllegalArgumentException("data file too large");
      }
      return length * 2;
    }

    double[] values() {
      return Arrays.copyOf(values, valueCount);
    }

    int[] labels() {
      return Arrays.copyOf(labels, labelCount);
    }
  }
}
