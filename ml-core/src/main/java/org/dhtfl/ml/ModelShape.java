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
 * <p>Rows of W carry no layer marks: {@link #of} tells a model's layers apart by their widths, so
 * two consecutive hidden layers must differ in width.
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
      if (l > 0 && layers.get(l).equals(layers.get(l - 1))) {
        throw new IllegalArgumentException("hidden layers " + layers + ": consecutive layers must differ in width "
            + "(a model's rows carry no layer marks, so equal widths could not be told apart)");
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
   * The shape that V and W as rows imply: V is (H+1) x K; W's rows, taken in runs of one width, are
   * the hidden layers (each run of rows one layer, so consecutive layers must differ in width); the
   * first layer's rows are the inputs + 1. W is empty for logistic.
   */
  public static ModelShape of(ModelKind kind, double[][] v, double[][] w) {
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
    int firstRow = rowCounts.get(0);
    for (int l = 1; l < widths.size(); l++) {
      if (rowCounts.get(l) != widths.get(l - 1) + 1) {
        // Not a next layer (its rows would be the previous layer's units and the bias): a ragged row.
        throw new IllegalArgumentException("W row " + firstRow + " has " + widths.get(l) + " columns, expected "
            + widths.get(l - 1));
      }
      firstRow += rowCounts.get(l);
    }
    return mlp(rowCounts.get(0) - 1, widths, classes);
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
