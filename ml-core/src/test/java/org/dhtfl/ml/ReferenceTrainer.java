package org.dhtfl.ml;

/**
 * The model and its training written as plainly as possible from the formulas, on double[][] matrices,
 * with no concern for speed: the yardstick the fast {@link Trainer} is tested against.
 *
 * <p>X gets a leading column of ones. MLP: A = X W, Z = [1, max(0, A)], O = Z V. LOGISTIC: Z = X, O = X V.
 * Y = softmax(O) by rows (row max subtracted), with {@link StrictMath#exp}, the exponential the trainer reproduces.
 * Loss = -sum_t log(Y[t][label_t] + 1e-6).
 * G_V = Z^T (R - Y); G_W = X^T [((R - Y) V[1:]^T) .* (A > 0)]. Delta = eta G + momentum Delta; weights += Delta.
 * FedProx: G - n mu (weights - start weights) in place of G.
 */
final class ReferenceTrainer {
  private ReferenceTrainer() {
  }

  record Outcome(double[][] v, double[][] w, double loss, int epochs, double errorRate) {
  }

  /** Everything one forward pass computes. */
  static final class Forward {
    double[][] x1;
    double[][] a;
    double[][] z;
    double[][] y;
  }

  static Outcome train(ModelShape shape, double[][] v0, double[][] w0, double[][] x, int[] labels,
      TrainingOptions options) {
    double[][] v = copy(v0);
    double[][] w = copy(w0);
    int n = x.length;
    double eta = options.etaPerRow() ? options.eta() / n : options.eta();
    double[][] deltaV = new double[v.length][v[0].length];
    double[][] deltaW = new double[w.length][w.length == 0 ? 0 : w[0].length];
    Forward f = forward(shape, v, w, x);
    double loss = loss(f, labels);
    double previous = loss;
    int epochs = 0;
    for (int epoch = 1; epoch <= options.epochs(); epoch++) {
      double[][] gv = gradientV(f, labels);
      double[][] gw = shape.kind() == ModelKind.MLP ? gradientW(f, labels, v) : new double[0][0];
      proximal(gv, v, v0, n * options.mu());
      proximal(gw, w, w0, n * options.mu());
      step(v, deltaV, gv, eta, options.momentum());
      step(w, deltaW, gw, eta, options.momentum());
      f = forward(shape, v, w, x);
      loss = loss(f, labels);
      epochs = epoch;
      if (options.earlyStop() && epoch >= options.earlyStopMinEpochs()
          && Math.abs(previous - loss) <= options.earlyStopDelta()) {
        break;
      }
      previous = loss;
    }
    int wrong = 0;
    for (int t = 0; t < n; t++) {
      if (argmax(f.y[t]) != labels[t]) {
        wrong++;
      }
    }
    return new Outcome(v, w, loss, epochs, (double) wrong / n);
  }

  static Forward forward(ModelShape shape, double[][] v, double[][] w, double[][] x) {
    Forward f = new Forward();
    int n = x.length;
    f.x1 = new double[n][];
    for (int t = 0; t < n; t++) {
      f.x1[t] = new double[x[t].length + 1];
      f.x1[t][0] = 1.0;
      System.arraycopy(x[t], 0, f.x1[t], 1, x[t].length);
    }
    if (shape.kind() == ModelKind.MLP) {
      f.a = multiply(f.x1, w);
      f.z = new double[n][shape.hidden() + 1];
      for (int t = 0; t < n; t++) {
        f.z[t][0] = 1.0;
        for (int j = 0; j < shape.hidden(); j++) {
          f.z[t][j + 1] = f.a[t][j] > 0 ? f.a[t][j] : 0.0;
        }
      }
    } else {
      f.z = f.x1;
    }
    double[][] o = multiply(f.z, v);
    f.y = new double[n][];
    for (int t = 0; t < n; t++) {
      f.y[t] = softmax(o[t]);
    }
    return f;
  }

  static double loss(Forward f, int[] labels) {
    double sum = 0.0;
    for (int t = 0; t < labels.length; t++) {
      sum += Math.log(f.y[t][labels[t]] + 1e-6);
    }
    return -sum;
  }

  /** Z^T (R - Y). */
  static double[][] gradientV(Forward f, int[] labels) {
    return multiply(transpose(f.z), residual(f, labels));
  }

  /** X^T [((R - Y) V[1:]^T) .* (A > 0)]. */
  static double[][] gradientW(Forward f, int[] labels, double[][] v) {
    double[][] vHidden = new double[v.length - 1][];
    for (int j = 1; j < v.length; j++) {
      vHidden[j - 1] = v[j];
    }
    double[][] back = multiply(residual(f, labels), transpose(vHidden));
    for (int t = 0; t < back.length; t++) {
      for (int j = 0; j < back[t].length; j++) {
        if (!(f.a[t][j] > 0)) {
          back[t][j] = 0.0;
        }
      }
    }
    return multiply(transpose(f.x1), back);
  }

  private static double[][] residual(Forward f, int[] labels) {
    double[][] r = new double[f.y.length][];
    for (int t = 0; t < r.length; t++) {
      r[t] = new double[f.y[t].length];
      for (int c = 0; c < r[t].length; c++) {
        r[t][c] = (c == labels[t] ? 1.0 : 0.0) - f.y[t][c];
      }
    }
    return r;
  }

  private static void proximal(double[][] gradient, double[][] weights, double[][] start, double pull) {
    for (int i = 0; i < weights.length; i++) {
      for (int j = 0; j < weights[i].length; j++) {
        gradient[i][j] -= pull * (weights[i][j] - start[i][j]);
      }
    }
  }

  private static void step(double[][] weights, double[][] delta, double[][] gradient, double eta, double momentum) {
    for (int i = 0; i < weights.length; i++) {
      for (int j = 0; j < weights[i].length; j++) {
        delta[i][j] = eta * gradient[i][j] + momentum * delta[i][j];
        weights[i][j] += delta[i][j];
      }
    }
  }

  private static double[] softmax(double[] o) {
    double max = o[0];
    for (double value : o) {
      max = Math.max(max, value);
    }
    double[] e = new double[o.length];
    double sum = 0.0;
    for (int c = 0; c < o.length; c++) {
      e[c] = StrictMath.exp(o[c] - max);
      sum += e[c];
    }
    for (int c = 0; c < o.length; c++) {
      e[c] /= sum;
    }
    return e;
  }

  static int argmax(double[] values) {
    int best = 0;
    for (int c = 1; c < values.length; c++) {
      if (values[c] > values[best]) {
        best = c;
      }
    }
    return best;
  }

  static double[][] multiply(double[][] a, double[][] b) {
    int inner = b.length;
    int cols = inner == 0 ? 0 : b[0].length;
    double[][] c = new double[a.length][cols];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < cols; j++) {
        double sum = 0.0;
        for (int k = 0; k < inner; k++) {
          sum += a[i][k] * b[k][j];
        }
        c[i][j] = sum;
      }
    }
    return c;
  }

  static double[][] transpose(double[][] a) {
    int cols = a.length == 0 ? 0 : a[0].length;
    double[][] t = new double[cols][a.length];
    for (int i = 0; i < a.length; i++) {
      for (int j = 0; j < cols; j++) {
        t[j][i] = a[i][j];
      }
    }
    return t;
  }

  static double[][] copy(double[][] a) {
    double[][] c = new double[a.length][];
    for (int i = 0; i < a.length; i++) {
      c[i] = a[i].clone();
    }
    return c;
  }
}
