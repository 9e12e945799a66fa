package org.dhtfl.client.model;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.dhtfl.client.report.AtomicFiles;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.Weights;

/**
 * Saves and loads a global model ({@link Weights}, with its standardisation of the inputs if it has one,
 * {@link StoredModel}) as UTF-8 text, one record per line (reports/model-format.md). An MLP of 16
 * inputs, 20 hidden units and 26 classes:
 *
 * <pre>
 * # dhtfl model, format 1
 * model mlp
 * inputs 16
 * hidden 20
 * classes 26
 * V 21 26
 * (21 lines of 26 comma-separated numbers: V row 0 (the bias) first)
 * W 17 20
 * (17 lines of 20 comma-separated numbers: W row 0 (the bias) first)
 * </pre>
 *
 * <ul>
 *   <li>Line 1 is exactly {@code # dhtfl model, format 1}. A file of another format number is refused,
 *       so that a later format is never misread.</li>
 *   <li>The four header lines {@code model} ({@code mlp} or {@code logistic}), {@code inputs},
 *       {@code hidden} and {@code classes} (non-negative decimal integers) follow, each exactly once,
 *       in any order. A logistic model has {@code hidden 0}.</li>
 *   <li>{@code V rows cols} and V's rows follow, then {@code W rows cols} and W's rows. The dimensions
 *       are those {@link ModelShape} gives the header's model: for an MLP, V is (hidden+1) x classes
 *       and W is (inputs+1) x hidden; for a logistic model, V is (inputs+1) x classes and W is
 *       {@code W 0 0}, with no rows.</li>
 *   <li>A number is written by {@link Double#toString(double)}, so it reads back bit-identical
 *       (including -0.0), and read in the same decimal syntax: {@code [+-]digits[.digits][E[+-]digits]}
 *       (a leading {@code .} is also read). Every number is finite: NaN and Infinity are refused.</li>
 *   <li>Spaces and tabs around tokens are ignored; blank lines are refused except at the end of the
 *       file. Lines end in LF when written; CRLF is also read.</li>
 * </ul>
 *
 * <p>Format 2 is written for models that format 1 cannot hold: {@code hidden} lists the widths of several
 * hidden layers ({@code hidden 256,128}) and W is one {@code W rows cols} block per hidden layer, first
 * to last; a model trained on standardised inputs ends in {@code S 2 inputs}, a line of the features'
 * means and one of their scales. Everything else is as in format 1.
 *
 * <p>Reading checks all of this and throws a {@link ModelFormatException} naming the file and the line
 * of the first fault.
 */
public final class ModelFile {

  /** The format of the reference's kind of model: one hidden layer or none, raw inputs. */
  public static final int FORMAT = 1;

  /** The format of models of several hidden layers or of standardised inputs. */
  public static final int LAYERED_FORMAT = 2;

  /** Line 1 of a model file of format 1. */
  public static final String FORMAT_LINE = "# dhtfl model, format " + FORMAT;

  /** Line 1 of a model file of format 2. */
  public static final String LAYERED_FORMAT_LINE = "# dhtfl model, format " + LAYERED_FORMAT;

  private static final Pattern ANY_FORMAT_LINE = Pattern.compile("#\\s*dhtfl model, format\\s+(\\S+)");
  private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
  private static final Pattern NON_FINITE = Pattern.compile("[+-]?(NaN|Infinity)");
  private static final Pattern COUNT = Pattern.compile("\\d{1,9}");
  private static final Pattern SPACES = Pattern.compile("\\s+");
  private static final List<String> HEADERS = List.of("model", "inputs", "hidden", "classes");
  private static final int QUOTE_LIMIT = 40;

  private ModelFile() {
  }

  /**
   * Writes {@code weights} to {@code file}, replacing it. The text goes to a temporary file in the same
   * folder first, which is then moved into place, so a failed save leaves no half-written model.
   */
  public static void save(Weights weights, Path file) throws IOException {
    save(StoredModel.raw(weights), file);
  }

  /** Writes the model to {@code file} as {@link #save(Weights, Path)} does, with its standardisation if any. */
  public static void save(StoredModel model, Path file) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(file, "file");
    AtomicFiles.replace(file, temporary -> {
      try (Writer out = new BufferedWriter(new OutputStreamWriter(
          Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
          StandardCharsets.UTF_8))) {
        write(model, out);
      }
    });
  }

  /** Writes {@code weights} in the format above; does not close {@code out}. */
  public static void write(Weights weights, Writer out) throws IOException {
    write(StoredModel.raw(weights), out);
  }

  /** Writes the model in format 1 when it can hold it, else in format 2; does not close {@code out}. */
  public static void write(StoredModel model, Writer out) throws IOException {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(out, "out");
    Weights weights = model.weights();
    ModelShape shape = weights.shape();
    boolean layered = !shape.singleLayer() || model.standardization().isPresent();
    out.write((layered ? LAYERED_FORMAT_LINE : FORMAT_LINE) + "\n");
    out.write("model " + shape.kind().label() + "\n");
    out.write("inputs " + shape.inputs() + "\n");
    out.write("hidden " + (shape.layers().isEmpty() ? "0" : shape.layersLabel()) + "\n");
    out.write("classes " + shape.classes() + "\n");
    writeMatrix(out, "V", weights.vRows(), shape.vCols());
    double[][] w = weights.wRows();
    if (shape.singleLayer()) {
      writeMatrix(out, "W", w, shape.wCols());
    } else {
      int first = 0;
      for (int l = 0; l < shape.layers().size(); l++) {
        int rows = shape.layerInputs(l) + 1;
        writeMatrix(out, "W", java.util.Arrays.copyOfRange(w, first, first + rows), shape.layers().get(l));
        first += rows;
      }
    }
    if (model.standardization().isPresent()) {
      Standardization s = model.standardization().get();
      writeMatrix(out, "S", new double[][] {s.mean(), s.scale()}, s.features());
    }
    out.flush();
  }

  /** Reads the weights of the model in {@code file}, without its standardisation; messages name the file as given. */
  public static Weights load(Path file) throws IOException {
    return loadModel(file).weights();
  }

  /** Reads the model in {@code file} with its standardisation, if any; messages name the file as given. */
  public static StoredModel loadModel(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return readModel(file.toString(), in);
    }
  }

  /** Reads a model's weights from {@code in}; {@code source} stands for the file in messages. Does not close {@code in}. */
  public static Weights read(String source, Reader in) throws IOException {
    return readModel(source, in).weights();
  }

  /** Reads a model from {@code in}, with its standardisation if any. Does not close {@code in}. */
  public static StoredModel readModel(String source, Reader in) throws IOException {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(in, "in");
    return new Parser(source, in instanceof BufferedReader buffered ? buffered : new BufferedReader(in)).parse();
  }

  private static void writeMatrix(Writer out, String name, double[][] rows, int cols) throws IOException {
    out.write(name + " " + rows.length + " " + cols + "\n");
    StringBuilder line = new StringBuilder();
    for (double[] row : rows) {
      line.setLength(0);
      for (int c = 0; c < row.length; c++) {
        if (c > 0) {
          line.append(',');
        }
        line.append(Double.toString(row[c]));
      }
      out.write(line.append('\n').toString());
    }
  }

  /** One pass over the lines of one file. */
  private static final class Parser {
    private final String source;
    private final BufferedReader in;
    private long lineNumber;

    Parser(String source, BufferedReader in) {
      this.source = source;
      this.in = in;
    }

    private int format;

    StoredModel parse() throws IOException {
      readFormatLine();
      Map<String, Long> seenOn = new LinkedHashMap<>();
      Map<String, String> values = new LinkedHashMap<>();
      String[] tokens;
      while (true) {
        String line = next();
        if (line == null) {
          throw fault(lineNumber + 1, "end of file, expected the header lines and then 'V <rows> <cols>'");
        }
        tokens = tokens(line);
        String key = tokens[0];
        if (key.equals("V")) {
          break;
        }
        if (!HEADERS.contains(key)) {
          throw fault(lineNumber, "unknown header '" + quote(key) + "', expected one of " + String.join(", ", HEADERS)
              + " or 'V <rows> <cols>'");
        }
        if (seenOn.containsKey(key)) {
          throw fault(lineNumber, "repeated header '" + key + "' (first on line " + seenOn.get(key) + ")");
        }
        if (tokens.length != 2) {
          throw fault(lineNumber, "expected '" + key + " <value>', found '" + quote(line) + "'");
        }
        seenOn.put(key, lineNumber);
        values.put(key, tokens[1]);
      }
      ModelShape shape = shape(seenOn, values);
      double[][] v = readMatrix("V", tokens, shape.vRows(), shape.vCols(), shape);
      List<double[]> w = new ArrayList<>();
      int blocks = Math.max(1, shape.layers().size());
      for (int l = 0; l < blocks; l++) {
        int rows = shape.layers().isEmpty() ? 0 : shape.layerInputs(l) + 1;
        int cols = shape.layers().isEmpty() ? 0 : shape.layers().get(l);
        String wLine = next();
        if (wLine == null) {
          throw fault(lineNumber + 1, "end of file, expected 'W " + rows + " " + cols + "'");
        }
        String[] wTokens = tokens(wLine);
        if (!wTokens[0].equals("W")) {
          throw fault(lineNumber, "expected 'W " + rows + " " + cols + "' after the "
              + (l == 0 ? shape.vRows() + " rows of V" : "rows of W's layer " + l) + ", found '" + quote(wLine) + "'");
        }
        w.addAll(List.of(readMatrix("W", wTokens, rows, cols, shape)));
      }
      Optional<Standardization> standardization = Optional.empty();
      for (String line = next(); line != null; line = next()) {
        if (line.isBlank()) {
          continue;
        }
        String[] sTokens = tokens(line);
        if (format == LAYERED_FORMAT && sTokens[0].equals("S") && standardization.isEmpty()) {
          double[][] s = readMatrix("S", sTokens, 2, shape.inputs(), shape);
          try {
            standardization = Optional.of(new Standardization(s[0], s[1]));
          } catch (IllegalArgumentException e) {
            throw fault(lineNumber, "S: " + e.getMessage());
          }
          continue;
        }
        throw fault(lineNumber, "unexpected line after the " + w.size() + " rows of W"
            + (standardization.isPresent() ? " and S" : "") + ": '" + quote(line) + "'");
      }
      return new StoredModel(Weights.fromRows(shape, v, w.toArray(new double[0][])), standardization);
    }

    private void readFormatLine() throws IOException {
      String first = next();
      if (first == null) {
        throw fault(1, "empty file, expected '" + FORMAT_LINE + "'");
      }
      if (first.startsWith("\uFEFF")) {
        first = first.substring(1);
      }
      first = first.strip();
      if (first.equals(FORMAT_LINE) || first.equals(LAYERED_FORMAT_LINE)) {
        format = first.equals(FORMAT_LINE) ? FORMAT : LAYERED_FORMAT;
        return;
      }
      var other = ANY_FORMAT_LINE.matcher(first);
      if (other.matches()) {
        throw fault(1, "format " + quote(other.group(1)) + " is not supported, this version reads formats " + FORMAT
            + " and " + LAYERED_FORMAT);
      }
      throw fault(1, "expected '" + FORMAT_LINE + "', found '" + quote(first) + "'");
    }

    private ModelShape shape(Map<String, Long> seenOn, Map<String, String> values) throws ModelFormatException {
      for (String header : HEADERS) {
        if (!seenOn.containsKey(header)) {
          throw fault(lineNumber, "missing header '" + header + "' before V (the header lines are "
              + String.join(", ", HEADERS) + ")");
        }
      }
      ModelKind kind;
      try {
        kind = ModelKind.parse(values.get("model"));
      } catch (IllegalArgumentException e) {
        throw fault(seenOn.get("model"), e.getMessage());
      }
      int inputs = count(values, seenOn, "inputs");
      List<Integer> layers = new ArrayList<>();
      if (format == LAYERED_FORMAT && values.get("hidden").contains(",")) {
        for (String width : values.get("hidden").split(",", -1)) {
          layers.add(count(Map.of("hidden", width.strip()), seenOn, "hidden"));
        }
      } else {
        int hidden = count(values, seenOn, "hidden");
        if (kind == ModelKind.MLP || hidden != 0) {
          layers.add(hidden);
        }
      }
      int classes = count(values, seenOn, "classes");
      try {
        return new ModelShape(kind, inputs, layers, classes);
      } catch (IllegalArgumentException e) {
        throw fault(lineNumber, "the header lines describe no model: " + e.getMessage());
      }
    }

    private int count(Map<String, String> values, Map<String, Long> seenOn, String header) throws ModelFormatException {
      String text = values.get(header);
      if (!COUNT.matcher(text).matches()) {
        throw fault(seenOn.get(header), header + " '" + quote(text) + "' is not a whole number of at most 9 digits");
      }
      return Integer.parseInt(text);
    }

    /** Reads a matrix whose dimension line, already read, is {@code dimensions}. */
    private double[][] readMatrix(String name, String[] dimensions, int rows, int cols, ModelShape shape)
        throws IOException {
      long dimensionLine = lineNumber;
      String expected = name + " " + rows + " " + cols;
      if (dimensions.length != 3 || !COUNT.matcher(dimensions[1]).matches() || !COUNT.matcher(dimensions[2]).matches()) {
        throw fault(dimensionLine, "expected '" + expected + "', found '" + quote(String.join(" ", dimensions)) + "'");
      }
      if (Integer.parseInt(dimensions[1]) != rows || Integer.parseInt(dimensions[2]) != cols) {
        throw fault(dimensionLine, name + " is " + dimensions[1] + " x " + dimensions[2] + ", the header's model "
            + shape + " has " + rows + " x " + cols);
      }
      List<double[]> read = new ArrayList<>();
      while (read.size() < rows) {
        String line = next();
        if (line == null) {
          throw fault(lineNumber + 1, "end of file after " + read.size() + " of the " + rows + " rows of " + name
              + " (line " + dimensionLine + ")");
        }
        String[] tokens = tokens(line);
        if (tokens[0].equals("V") || tokens[0].equals("W") || tokens[0].equals("S")) {
          throw fault(lineNumber, name + " has " + read.size() + " rows, its line " + dimensionLine + " says " + rows);
        }
        read.add(row(name, read.size(), line, cols));
      }
      return read.toArray(new double[0][]);
    }

    private double[] row(String name, int row, String line, int cols) throws ModelFormatException {
      String[] cells = line.split(",", -1);
      if (cells.length != cols) {
        throw fault(lineNumber, name + " row " + row + " has " + cells.length + " values, expected " + cols);
      }
      double[] values = new double[cols];
      for (int c = 0; c < cols; c++) {
        String cell = cells[c].strip();
        String where = name + "[" + row + "][" + c + "]";
        if (NON_FINITE.matcher(cell).matches()) {
          throw fault(lineNumber, where + " is " + cell + ": every value must be finite");
        }
        if (!NUMBER.matcher(cell).matches()) {
          throw fault(lineNumber, where + " '" + quote(cell) + "' is not a number");
        }
        values[c] = Double.parseDouble(cell);
        if (!Double.isFinite(values[c])) {
          throw fault(lineNumber, where + " " + cell + " is too large for a double: every value must be finite");
        }
      }
      return values;
    }

    private String next() throws IOException {
      String line = in.readLine();
      if (line != null) {
        lineNumber++;
      }
      return line;
    }

    /** The whitespace-separated tokens of a line; blank lines are a fault. */
    private String[] tokens(String line) throws ModelFormatException {
      if (line.isBlank()) {
        throw fault(lineNumber, "blank line");
      }
      return SPACES.split(line.strip());
    }

    private ModelFormatException fault(long line, String detail) {
      return new ModelFormatException(source, line, detail);
    }
  }

  /** Text from the file for a message, shortened when long. */
  private static String quote(String text) {
    return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
  }
}
