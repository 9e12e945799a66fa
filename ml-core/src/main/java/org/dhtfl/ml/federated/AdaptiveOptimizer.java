package org.dhtfl.ml.federated;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.dhtfl.ml.Weights;

/**
 * FedAdam and FedYogi as Reddi et al. 2021 write them (Algorithm 2, without bias correction), with
 * the round's combined update d as the pseudo-gradient:
 * <pre>
 *   m = beta1 m + (1 - beta1) d
 *   v = beta2 v + (1 - beta2) d^2                    (Adam)
 *   v = v - (1 - beta2) d^2 sign(v - d^2)            (Yogi)
 *   global + lr m / (sqrt(v) + tau)
 * </pre>
 * coordinate by coordinate. The state is {@code first_moment} and {@code second_moment}, 0 and
 * tau^2 before the first round.
 */
final class AdaptiveOptimizer implements ServerOptimizer {

  static final String FIRST_MOMENT = "first_moment";
  static final String SECOND_MOMENT = "second_moment";

  enum Kind { ADAM, YOGI }

  private final Kind kind;
  private final double lr;
  private final double beta1;
  private final double beta2;
  private final double tau;

  AdaptiveOptimizer(Kind kind, double lr, double beta1, double beta2, double tau) {
    this.kind = kind;
    this.lr = Hyper.positive("server learning rate", lr);
    this.beta1 = Hyper.fraction("beta1", beta1);
    this.beta2 = Hyper.fraction("beta2", beta2);
    this.tau = Hyper.positive("tau", tau);
  }

  @Override
  public Aggregate step(Weights global, Weights update, ServerState state) {
    int size = Flat.size(global.shape());
    double[][] moments = StateArrays.read(state, global.shape(), toString(), List.of(FIRST_MOMENT, SECOND_MOMENT))
        .orElseGet(() -> new double[][] {new double[size], filled(size, tau * tau)});
    double[] m = moments[0];
    double[] v = moments[1];
    double[] x = Flat.of(global);
    double[] d = Flat.of(update);
    for (int i = 0; i < size; i++) {
      double squared = d[i] * d[i];
      m[i] = beta1 * m[i] + (1 - beta1) * d[i];
      v[i] = kind == Kind.ADAM
          ? beta2 * v[i] + (1 - beta2) * squared
          : v[i] - (1 - beta2) * squared * Math.signum(v[i] - squared);
      x[i] += lr * m[i] / (Math.sqrt(v[i]) + tau);
    }
    return new Aggregate(Flat.weights(global.shape(), x),
        ServerState.EMPTY.with(FIRST_MOMENT, m).with(SECOND_MOMENT, v));
  }

  private static double[] filled(int size, double value) {
    double[] values = new double[size];
    Arrays.fill(values, value);
    return values;
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "%s, server lr %s, beta1 %s, beta2 %s, tau %s",
        kind == Kind.ADAM ? "adam" : "yogi", lr, beta1, beta2, tau);
  }
}
