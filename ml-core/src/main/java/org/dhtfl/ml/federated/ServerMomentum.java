package org.dhtfl.ml.federated;

import java.util.List;
import java.util.Locale;
import org.dhtfl.ml.Weights;

/**
 * Server momentum (FedAvgM, Hsu et al. 2019; Flower's FedAvgM with the pseudo-gradient's sign
 * turned): m = beta m + update, then global + lr m. The state is {@code momentum}, zero before the
 * first round. With beta 0 and lr 1 this is the plain step, bit for bit.
 */
final class ServerMomentum implements ServerOptimizer {

  static final String MOMENTUM = "momentum";

  private final double lr;
  private final double beta;

  ServerMomentum(double lr, double beta) {
    this.lr = Hyper.positive("server learning rate", lr);
    this.beta = Hyper.fraction("server momentum", beta);
  }

  @Override
  public Aggregate step(Weights global, Weights update, ServerState state) {
    double[] momentum = StateArrays.read(state, global.shape(), toString(), List.of(MOMENTUM))
        .map(arrays -> arrays[0]).orElseGet(() -> new double[Flat.size(global.shape())]);
    double[] x = Flat.of(global);
    double[] delta = Flat.of(update);
    for (int i = 0; i < x.length; i++) {
      momentum[i] = beta * momentum[i] + delta[i];
      x[i] += lr * momentum[i];
    }
    return new Aggregate(Flat.weights(global.shape(), x), ServerState.EMPTY.with(MOMENTUM, momentum));
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "server momentum %s, server lr %s", beta, lr);
  }
}
