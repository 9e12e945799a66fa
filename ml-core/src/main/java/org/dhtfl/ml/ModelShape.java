package org.dhtfl.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The dimensions of a model.
 *
 * <p>MLP: one or more hidden ReLU layers of the widths {@code layers} (first to last); V is
 * (last width + 1) x classes; W holds the hidden layers one after the other, layer l being
 * (its inputs + 1) x (its width), its inputs the features for the first layer and the previous
 * layer's units after it. With one layer W is (inputs+1) x hidden, the reference's model. LOGISTIC:
 * V is (inputs+1) x classes and W is empty. Row 0 of each matrix holds the bias weights.
 *
 * <p>Rows of W carry no layer marks: {@link #of(ModelKind, double[][], double[][])} tells a model's layers
 * apart by their widths and row counts, which is ambiguous only for the first layers of one width (16 inputs
 * and layers 128,128 have as many rows of 128 values as 145 inputs and one layer of 128); whoever knows the
 * inputs or the layers reads such rows with {@link #of(ModelKind, int, double[][], double[][])} or
 * {@link #of(ModelKind, List, double[][], double[][])}.
 */
public record ModelShape(ModelKind kind, int inputs, List<Integer> layers, int classes) {

  /** More hidden layers than this are refused as a probable mistake. */
  public static final int MAX_LAYERS = 8;

  public ModelShape {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(layers, "layers");
    layers = List.copyOf(layers);
    if (inputs < 1) {
      throw new IllegalArgumentException("inputs " + inputs + " must be at least 1");
    }
    if (classes < 2) {
      throw new IllegalArgumentException("classes " + classes + " must be at least 2");
    }
    if (kind == ModelKind.MLP && layers.isEmpty()) {
      throw new IllegalArgumentException("an MLP needs at least one hidden layer");
    }
    if (kind == ModelKind.LOGISTIC && !layers.isEmpty()) {
      throw new IllegalArgumentException("hidden " + layersLabel(layers) + " must be 0 for a logistic model");
    }
    if (layers.size() > MAX_LAYERS) {
      throw new IllegalArgumentException(layers.size() + " hidden layers, at most " + MAX_LAYERS);
    }
    for (int l = 0; l < layers.size(); l++) {
      if (layers.get(l) < 1) {
        throw new IllegalArgumentException("hidden " + layers.get(l) + " must be at least 1 for an MLP");
      }
    }
    // The flat arrays are indexed with int: refuse shapes whose matrices would not fit.
    long vSize = (long) ((layers.isEmpty() ? inputs : layers.get(layers.size() - 1)) + 1) * classes;
    long wSize = 0;
    int in = inputs;
    for (int width : layers) {
      wSize += (long) (in + 1) * width;
      in = width;
    }
    if (vSize > Integer.MAX_VALUE - 8 || wSize > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("shape " + inputs + "/" + layers + "/" + classes + " is too large");
    }
  }

  /** One hidden layer of {@code hidden} units (MLP), or none when {@code hidden} is 0 (LOGISTIC). */
  public ModelShape(ModelKind kind, int inputs, int hidden, int classes) {
    this(kind, inputs, kind == ModelKind.MLP || hidden != 0 ? List.of(hidden) : List.of(), classes);
  }

  public static ModelShape mlp(int inputs, int hidden, int classes) {
    return new ModelShape(ModelKind.MLP, inputs, hidden, classes);
  }

  /** An MLP with the hidden layers {@code layers}, first to last. */
  public static ModelShape mlp(int inputs, List<Integer> layers, int classes) {
    return new ModelShape(ModelKind.MLP, inputs, layers, classes);
  }

  public static ModelShape logistic(int inputs, int classes) {
    return new ModelShape(ModelKind.LOGISTIC, inputs, List.of(), classes);
  }

  /**
   * The shape that V and W as rows imply: V is (H+1) x K; W's rows, taken in runs of one width, are the hidden
   * layers, a layer being (its inputs + 1) rows. The first run is read as one layer (its rows are the inputs + 1);
   * a later run of one width w after a layer of width p holds p + 1 rows and then w + 1 rows for each further
   * layer of width w. W is empty for logistic.
   */
  public static ModelShape of(ModelKind kind, double[][] v, double[][] w) {
    return of(kind, 0, v, w);
  }

  /**
   * The shape of V and W as rows of a model of {@code inputs} inputs (0: unknown, the first run of W's rows one
   * layer), W's runs of one width split into layers as {@link #of(ModelKind, double[][], double[][])} says.
   */
  public static ModelShape of(ModelKind kind, int inputs, double[][] v, double[][] w) {
    if (v.length < 2 || v[0] == null || v[0].length < 2) {
      throw new IllegalArgumentException("V has " + v.length + " rows; a model needs at least 2 rows and 2 columns");
    }
    int classes = v[0].length;
    if (kind == ModelKind.LOGISTIC) {
      return logistic(v.length - 1, classes);
    }
    if (w.length < 2) {
      throw new IllegalArgumentException("W has " + w.length + " rows; an MLP needs at least 2");
    }
    List<Integer> widths = new ArrayList<>();
    List<Integer> rowCounts = new ArrayList<>();
    for (int r = 0; r < w.length; r++) {
      if (w[r] == null) {
        throw new IllegalArgumentException("W row " + r + " is null");
      }
      int width = w[r].length;
      if (widths.isEmpty() || widths.get(widths.size() - 1) != width) {
        widths.add(width);
        rowCounts.add(1);
      } else {
        rowCounts.set(rowCounts.size() - 1, rowCounts.get(rowCounts.size() - 1) + 1);
      }
    }
    int in = inputs > 0 ? inputs : rowCounts.get(0) - 1;
    List<Integer> layers = new ArrayList<>();
    int firstRow = 0;
    for (int run = 0; run < widths.size(); run++) {
      int width = widths.get(run);
      int rows = rowCounts.get(run);
      // The run's first layer takes the units below and the bias; each further one, width + 1 rows.
      int further = rows - (in + 1);
      if (further < 0 || further % (width + 1) != 0) {
        // Not whole layers: a ragged row.
        throw new IllegalArgumentException(run == 0
            ? "W has " + rows + " rows of " + width + " columns; a model of " + in + " inputs needs " + (in + 1)
                + " and then " + (width + 1) + " for each further layer of " + width
            : "W row " + firstRow + " has " + width + " columns, expected " + widths.get(run - 1));
      }
      for (int l = 0; l <= further / (width + 1); l++) {
        layers.add(width);
      }
      firstRow += rows;
      in = width;
    }
    return mlp(inputs > 0 ? inputs : rowCounts.get(0) - 1, layers, classes);
  }

  /**
   * The shape of V and W as rows of a model of these hidden {@code layers} (as a job's spec names them): the
   * inputs are what W's rows leave for the first layer.
   */
  public static ModelShape of(ModelKind kind, List<Integer> layers, double[][] v, double[][] w) {
    if (kind == ModelKind.LOGISTIC) {
      return of(kind, v, w);
    }
    int inputs = w.length - 1;
    for (int l = 1; l < layers.size(); l++) {
      inputs -= layers.get(l - 1) + 1;
    }
    return of(kind, Math.max(inputs, 0), v, w);
  }

  /** The width of the last hidden layer, which feeds the outputs (0 for LOGISTIC). */
  public int hidden() {
    return layers.isEmpty() ? 0 : layers.get(layers.size() - 1);
  }

  /** Whether the model has at most one hidden layer, the shapes of the reference's trainer. */
  public boolean singleLayer() {
    return layers.size() <= 1;
  }

  /** The units feeding hidden layer {@code l}: the features for the first layer, else layer l-1's units. */
  public int layerInputs(int l) {
    return l == 0 ? inputs : layers.get(l - 1);
  }

  /** Where hidden layer {@code l}'s (layerInputs(l) + 1) x width block starts in W. */
  public int layerOffset(int l) {
    int offset = 0;
    for (int i = 0; i < l; i++) {
      offset += (layerInputs(i) + 1) * layers.get(i);
    }
    return offset;
  }

  public int vRows() {
    return (kind == ModelKind.MLP ? hidden() : inputs) + 1;
  }

  public int vCols() {
    return classes;
  }

  /** Rows of W: every hidden layer's, one after the other. */
  public int wRows() {
    int rows = 0;
    for (int l = 0; l < layers.size(); l++) {
      rows += layerInputs(l) + 1;
    }
    return rows;
  }

  /** The columns of W's row {@code r}: the width of the hidden layer it belongs to. */
  public int wCols(int r) {
    int first = 0;
    for (int l = 0; l < layers.size(); l++) {
      first += layerInputs(l) + 1;
      if (r < first) {
        return layers.get(l);
      }
    }
    throw new IndexOutOfBoundsException("W row " + r + " of " + wRows());
  }

  /** The columns of W for a model of at most one hidden layer: its width (0 for LOGISTIC). */
  public int wCols() {
    if (layers.size() > 1) {
      throw new IllegalStateException(this + " has W rows of several widths");
    }
    return hidden();
  }

  /** Number of values in V. */
  public int vSize() {
    return vRows() * vCols();
  }

  /** Number of values in W (0 for LOGISTIC). */
  public int wSize() {
    return layerOffset(layers.size());
  }

  /** The hidden widths as the command line spells them: "256,128". */
  public String layersLabel() {
    return layersLabel(layers);
  }

  /** Hidden widths as the command line spells them: "256,128" (empty for none). */
  public static String layersLabel(List<Integer> layers) {
    StringBuilder out = new StringBuilder();
    for (int width : layers) {
      out.append(out.length() == 0 ? "" : ",").append(width);
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return kind == ModelKind.MLP
        ? "mlp(" + inputs + "," + layersLabel() + "," + classes + ")"
        : "logistic(" + inputs + "," + classes + ")";
  }
}
