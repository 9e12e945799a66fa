package org.dhtfl.ml;

/**
 * The forward and backward pass of a model of any shape over a batch of rows (the mathematics of
 * {@link BlockPass}, layer after layer), as {@link LayeredRun} and the layered models' evaluation use it.
 *
 * <p>Two implementations compute the same bits: {@link VectorLayeredPass} with the Vector API when the JVM
 * has it (see {@link VectorApi}), {@link LayeredNetwork} in plain Java otherwise. Each keeps the weights in its
 * own layout, as flat arrays ({@link #parameters()}) that a training steps element by element with the pass's
 * {@link #stepKernels()}; in the layered form of {@link #newLike()}, {@code layers[d][i][j]} is the weight from
 * unit i (0 the bias, then unit i-1 of the layer before) to unit j of dense layer d, the output layer last.
 * Each instance holds its scratch for batches of at most the rows it was made for; not thread-safe.
 */
sealed interface LayeredPass permits LayeredNetwork, VectorLayeredPass {

  /** The fastest pass this JVM can run, for batches of at most {@code maxRows} rows. */
  static LayeredPass create(ModelShape shape, int maxRows) {
    return VectorApi.USABLE ? new VectorLayeredPass(shape, maxRows) : new LayeredNetwork(shape, maxRows);
  }

  ModelShape shape();

  /**
   * The weights as the pass keeps them: flat arrays, which a training changes in place, element by element, and
   * then calls {@link #parametersChanged()}. Elements that are no weight (a layout's padding) are zero and have
   * a zero descent direction, so a step keeps them zero.
   */
  double[][] parameters();

  /** The descent direction of the last {@link #backward(int)}, laid out as {@link #parameters()}. */
  double[][] gradient();

  /** The arithmetic of a step on {@link #parameters()}: with the Vector API when the pass uses it. */
  StepKernels stepKernels();

  /** Brings the pass's own copies of the weights (transposes) in line with {@link #parameters()}. */
  void parametersChanged();

  /**
   * The outputs of rows {@code rows[order[from .. from + n)]} (rows in file order when {@code order} is null),
   * each row its features.
   */
  void forward(double[][] rows, int[] order, int from, int n);

  /**
   * After {@link #forward}: the softmax, the summed loss (as {@link BlockPass}: -log(y[label] + 1e-6)) and the
   * descent direction at the outputs (r - y); adds the rows whose first arg max is their label to
   * {@code correct[0]}.
   */
  double softmax(int[] labels, int[] order, int from, int n, int[] correct);

  /** The predicted class (first arg max) of the batch's rows, after {@link #forward}, into out from {@code at}. */
  void predict(int n, int[] out, int at);

  /**
   * After {@link #softmax}: the batch's descent direction, summed over its rows in row order, into
   * {@link #gradient()}.
   */
  void backward(int n);

  /** {@link #backward(int)}, the descent direction then copied into {@code gradient} (layered, overwritten). */
  void backward(int n, double[][][] gradient);

  /** Copies flat V and W into the pass's weights and refreshes its copies. */
  void setWeights(double[] v, double[] w);

  /** The pass's weights as flat V and W. */
  void getWeights(double[] v, double[] w);

  /** One weight row of a dense layer and where it sits in flat V or W (see {@link #forEachRow}). */
  @FunctionalInterface
  interface FlatRow {
    /** Row i (row 0 the bias's) of dense layer d: {@code width} weights at {@code at} in {@code flat}. */
    void row(double[] flat, int at, int d, int i, int width);
  }

  /**
   * Calls {@code row} for every weight row of the shape's dense layers, layer after layer, with its
   * place in flat V (the output layer) or W: the one walk of {@link #setWeights} and
   * {@link #getWeights}, each pass copying one way or the other between that place and its own layout.
   */
  static void forEachRow(ModelShape shape, double[] v, double[] w, FlatRow row) {
    int[] widths = widthsOf(shape);
    int depth = widths.length - 1;
    for (int d = 0; d < depth; d++) {
      double[] flat = d == depth - 1 ? v : w;
      int offset = flatOffset(shape, d);
      int width = widths[d + 1];
      for (int i = 0; i <= widths[d]; i++) {
        row.row(flat, offset + i * width, d, i, width);
      }
    }
  }

  /** Where dense layer d's rows sit in flat V (the output layer) or W: the offset of its first row. */
  private static int flatOffset(ModelShape shape, int d) {
    return d == shape.layers().size() ? 0 : shape.layerOffset(d);
  }

  /** Layered arrays shaped for this pass's model, all zero. */
  default double[][][] newLike() {
    return layersOf(widthsOf(shape()));
  }

  /** Units into each dense layer (without the bias), then out of the last: inputs, hidden widths, classes. */
  static int[] widthsOf(ModelShape shape) {
    int depth = shape.layers().size() + 1;
    int[] widths = new int[depth + 1];
    widths[0] = shape.inputs();
    for (int l = 0; l < shape.layers().size(); l++) {
      widths[l + 1] = shape.layers().get(l);
    }
    widths[depth] = shape.classes();
    return widths;
  }

  /** Zero layers for these widths: layer d is (widths[d] + 1) x widths[d + 1]. */
  static double[][][] layersOf(int[] widths) {
    double[][][] layers = new double[widths.length - 1][][];
    for (int d = 0; d < layers.length; d++) {
      layers[d] = new double[widths[d] + 1][widths[d + 1]];
    }
    return layers;
  }
}
