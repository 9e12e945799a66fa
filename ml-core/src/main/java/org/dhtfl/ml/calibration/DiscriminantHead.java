package org.dhtfl.ml.calibration;

import java.util.Objects;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * The output layer that linear discriminant analysis fits to class statistics of the features: with
 * the class means m_k, the pooled within-class covariance S (plus a ridge, so that dead hidden units
 * and constant features do not make it singular) and the class shares p_k, class k scores
 * {@code x . S^-1 m_k - m_k . S^-1 m_k / 2 + log p_k}. Softmax over these scores is the posterior of
 * Gaussian classes sharing one covariance, so the scores take the place of the trained head's outputs
 * (V's bias row and feature rows). A class without rows never wins.
 */
public final class DiscriminantHead {

  /** The ridge, relative to the mean variance of the features. */
  public static final double RIDGE = 1e-3;
  /** The score bias of a class without rows, below any other. */
  private static final double ABSENT = -1e9;

  private DiscriminantHead() {
  }

  /** The model with its output layer replaced by the discriminant one; the hidden layer stays. */
  public static Weights fit(Weights model, ClassStatistics stats) {
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(stats, "stats");
    ModelShape shape = model.shape();
    int h = ClassStatistics.featureCount(shape);
    if (stats.classes() != shape.classes() || stats.features() != h) {
      throw new IllegalArgumentException("statistics of " + stats.classes() + " classes and " + stats.features()
          + " features do not fit the model " + shape);
    }
    int k = shape.classes();
    long n = stats.rows();
    int present = 0;
    for (int c = 0; c < k; c++) {
      present += stats.count(c) > 0 ? 1 : 0;
    }
    if (n <= present) {
      throw new IllegalArgumentException("the statistics hold " + n + " rows of " + present
          + " classes: too few for a pooled covariance");
    }
    double[][] means = new double[k][h];
    double[] scatter = new double[h * h];
    for (int c = 0; c < k; c++) {
      long count = stats.count(c);
      if (count == 0) {
        continue;
      }
      double[] sum = stats.sum(c);
      double[] outer = stats.outerProducts(c);
      for (int a = 0; a < h; a++) {
        means[c][a] = sum[a] / count;
      }
      for (int a = 0; a < h * h; a++) {
        scatter[a] += outer[a];
      }
      for (int a = 0; a < h; a++) {
        for (int b = 0; b < h; b++) {
          scatter[a * h + b] -= count * means[c][a] * means[c][b];
        }
      }
    }
    double trace = 0;
    for (int a = 0; a < h; a++) {
      trace += scatter[a * h + a];
    }
    double ridge = Math.max(RIDGE * trace / (n - present) / h, 1e-12);
    double[] covariance = new double[h * h];
    for (int a = 0; a < h * h; a++) {
      covariance[a] = scatter[a] / (n - present);
    }
    for (int a = 0; a < h; a++) {
      covariance[a * h + a] += ridge;
    }
    Cholesky solver = new Cholesky(covariance, h);
    double[] head = new double[(h + 1) * k];
    for (int c = 0; c < k; c++) {
      if (stats.count(c) == 0) {
        head[c] = ABSENT;
        continue;
      }
      double[] weights = solver.solve(means[c]);
      double quadratic = 0;
      for (int a = 0; a < h; a++) {
        head[(a + 1) * k + c] = weights[a];
        quadratic += means[c][a] * weights[a];
      }
      head[c] = -quadratic / 2 + Math.log((double) stats.count(c) / n);
    }
    return shape.kind() == ModelKind.MLP ? Weights.of(shape, head, model.w()) : Weights.of(shape, head, new double[0]);
  }

  /** Solves S x = b for a symmetric positive definite S. */
  private static final class Cholesky {
    private final double[] lower;
    private final int n;

    Cholesky(double[] matrix, int n) {
      this.n = n;
      lower = new double[n * n];
      for (int i = 0; i < n; i++) {
        for (int j = 0; j <= i; j++) {
          double sum = matrix[i * n + j];
          for (int p = 0; p < j; p++) {
            sum -= lower[i * n + p] * lower[j * n + p];
          }
          if (i == j) {
            if (!(sum > 0)) {
              throw new ArithmeticException("covariance is not positive definite at feature " + i);
            }
            lower[i * n + i] = Math.sqrt(sum);
          } else {
            lower[i * n + j] = sum / lower[j * n + j];
          }
        }
      }
    }

    double[] solve(double[] b) {
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        double sum = b[i];
        for (int p = 0; p < i; p++) {
          sum -= lower[i * n + p] * y[p];
        }
        y[i] = sum / lower[i * n + i];
      }
      double[] x = new double[n];
      for (int i = n - 1; i >= 0; i--) {
        double sum = y[i];
        for (int p = i + 1; p < n; p++) {
          sum -= lower[p * n + i] * x[p];
        }
        x[i] = sum / lower[i * n + i];
      }
      return x;
    }
  }
}
