package org.dhtfl.ml;

/**
 * The arithmetic of an optimizer's step ({@link Optimizer}) on flat arrays of weights, element by element, as
 * {@link LayeredRun} takes it: plain Java here, {@link VectorStepKernels} with the Vector API, the same
 * formula and so the same bits. In every method w holds the weights, g the batch's descent direction (as
 * {@link LayeredPass#backward(int)} leaves it), w0 the training's start weights for FedProx's pull or null for
 * none; the optimizer's state arrays are as long as w.
 */
sealed interface StepKernels permits StepKernels.Plain, VectorStepKernels {

  /** The step's plain Java arithmetic. */
  StepKernels PLAIN = new Plain();

  /**
   * The momentum step with its step size {@code eta}, FedProx's {@code pull} (mu times the rows of a summed loss,
   * mu of a mean one) and {@code momentum}; s holds the previous step.
   */
  record Momentum(double eta, double momentum, double pull) {
  }

  /**
   * Adam's step with its size {@code eta} (the decay of the epoch applied), the bias corrections 1 - beta^t of its
   * two moments, 1 / rows of the batch (Adam steps on the mean loss) and FedProx's mu.
   */
  record Adam(double eta, double correction1, double correction2, double perRow, double mu) {
    /**
     * eta / (1 - beta1^t): with {@link #rootScale()} the step is {@code stepSize m / (sqrt(s) rootScale + epsilon)},
     * which is eta m^ / (sqrt(s^) + epsilon) of the bias-corrected moments with one division and one square root
     * an element instead of three divisions.
     */
    double stepSize() {
      return eta / correction1;
    }

    /** 1 / sqrt(1 - beta2^t). */
    double rootScale() {
      return 1 / Math.sqrt(correction2);
    }
  }

  /** One momentum step on w, s the previous step. */
  void momentum(double[] w, double[] g, double[] s, double[] w0, Momentum step);

  /** One Adam step on w, m and s its first and second moment. */
  void adam(double[] w, double[] g, double[] m, double[] s, double[] w0, Adam step);

  /** {@link #momentum} on the elements from .. to - 1. */
  static void momentum(double[] w, double[] g, double[] s, double[] w0, Momentum step, int from, int to) {
    double eta = step.eta();
    double momentum = step.momentum();
    double pull = step.pull();
    for (int j = from; j < to; j++) {
      double descent = w0 == null ? g[j] : g[j] - pull * (w[j] - w0[j]);
      s[j] = eta * descent + momentum * s[j];
      w[j] += s[j];
    }
  }

  /** {@link #adam} on the elements from .. to - 1. */
  static void adam(double[] w, double[] g, double[] m, double[] s, double[] w0, Adam step, int from, int to) {
    double perRow = step.perRow();
    double mu = step.mu();
    double stepSize = step.stepSize();
    double rootScale = step.rootScale();
    for (int j = from; j < to; j++) {
      // The gradient of the mean loss (the descent direction's opposite), with FedProx's pull.
      double grad = -g[j] * perRow + (w0 == null ? 0.0 : mu * (w[j] - w0[j]));
      m[j] = Optimizer.BETA1 * m[j] + (1 - Optimizer.BETA1) * grad;
      s[j] = Optimizer.BETA2 * s[j] + (1 - Optimizer.BETA2) * grad * grad;
      w[j] -= stepSize * m[j] / (Math.sqrt(s[j]) * rootScale + Optimizer.EPSILON);
    }
  }

  /** The steps in plain Java. */
  final class Plain implements StepKernels {
    private Plain() {
    }

    @Override
    public void momentum(double[] w, double[] g, double[] s, double[] w0, Momentum step) {
      StepKernels.momentum(w, g, s, w0, step, 0, w.length);
    }

    @Override
    public void adam(double[] w, double[] g, double[] m, double[] s, double[] w0, Adam step) {
      StepKernels.adam(w, g, m, s, w0, step, 0, w.length);
    }
  }
}
