package org.dhtfl.ml;

/**
 * The forward and backward pass of a model of any shape over a batch of rows (the mathematics of
 * {@link BlockPass}, layer after layer), as {@link LayeredRun} and the layered models' evaluation use it.
 *
 * <p>Two implementations compute the same bits: {@link VectorLayeredPass} with the Vector API when the JVM
 * has it (see {@link VectorApi}), {@link LayeredNetwork} in plain Java otherwise. Both hold the weights as
 * {@link #weights()}: {@code weights[d][i][j]} from unit i (0 the bias, then unit i-1 of the layer before)
 * to unit j of dense layer d, the output layer last. Each instance holds its scratch for batches of at
 * most the rows it was made for; not thread-safe.
 */
sealed interface LayeredPass permits LayeredNetwork, VectorLayeredPass {

  /** The fastest pass this JVM can run, for batches of at most {@code maxRows} rows. */
  static LayeredPass create(ModelShape shape, int maxRows) {
    return VectorApi.USABLE ? new VectorLayeredPass(shape, maxRows) : new LayeredNetwork(shape, maxRows);
  }

  ModelShape shape();

  /** The layers, which a training changes in place and then calls {@link #weightsChanged()}. */
  double[][][] weights();

  /** Brings the pass's own copies of the weights (transposes, padded layouts) in line with {@link #weights()}. */
  void weightsChanged();

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
   * {@code gradient} (shaped as {@link #weights()}, overwritten).
   */
  void backward(int n, double[][][] gradient);

  /** Copies flat V and W into the layers and refreshes the pass's copies. */
  default void setWeights(double[] v, double[] w) {
    ModelShape shape = shape();
    double[][][] weights = weights();
    int depth = weights.length;
    for (int d = 0; d < depth; d++) {
      double[] flat = d == depth - 1 ? v : w;
      int offset = d == depth - 1 ? 0 : shape.layerOffset(d);
      int width = weights[d][0].length;
      for (int i = 0; i < weights[d].length; i++) {
        System.arraycopy(flat, offset + i * width, weights[d][i], 0, width);
      }
    }
    weightsChanged();
  }

  /** The layers as flat V and W. */
  default void getWeights(double[] v, double[] w) {
    ModelShape shape = shape();
    double[][][] weights = weights();
    int depth = weights.length;
    for (int d = 0; d < depth; d++) {
      double[] flat = d == depth - 1 ? v : w;
      int offset = d == depth - 1 ? 0 : shape.layerOffset(d);
      int width = weights[d][0].length;
      for (int i = 0; i < weights[d].length; i++) {
        System.arraycopy(weights[d][i], 0, flat, offset + i * width, width);
      }
    }
  }

  /** Arrays shaped as {@link #weights()}, all zero. */
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
