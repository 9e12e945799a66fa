package org.dhtfl.ml.federated;

import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/** Models of four parameters (a logistic model of one input and two classes: V is 2 x 2, no W), small enough to check by hand. */
final class Vectors {
  static final ModelShape SHAPE = ModelShape.logistic(1, 2);

  private Vectors() {
  }

  static Weights of(double a, double b, double c, double d) {
    return Weights.of(SHAPE, new double[] {a, b, c, d}, new double[0]);
  }

  static ClientResult result(String source, int rows, double a, double b, double c, double d) {
    return new ClientResult(source, of(a, b, c, d), rows);
  }
}
