package org.dhtfl.ml.federated;

import java.util.Arrays;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/** A model's parameters as one vector, V row-major then W, as the aggregators and the server state hold them. */
final class Flat {
  private Flat() {
  }

  static int size(ModelShape shape) {
    return shape.vSize() + shape.wSize();
  }

  static double[] of(Weights weights) {
    double[] v = weights.v();
    double[] w = weights.w();
    double[] flat = Arrays.copyOf(v, v.length + w.length);
    System.arraycopy(w, 0, flat, v.length, w.length);
    return flat;
  }

  static Weights weights(ModelShape shape, double[] flat) {
    return Weights.of(shape, Arrays.copyOfRange(flat, 0, shape.vSize()),
        Arrays.copyOfRange(flat, shape.vSize(), size(shape)));
  }
}
