package org.dhtfl.ml.federated;

import org.dhtfl.ml.Weights;

/**
 * Moves the global model by a round's combined update, treating the update as a pseudo-gradient as
 * Reddi et al. 2021 ("Adaptive Federated Optimization") do: the plain step adds it (FedAvg), the
 * others keep momentum or moments in the {@link ServerState}. Pure.
 */
public interface ServerOptimizer {

  /**
   * @param global the model the clients started from
   * @param update the combined delta of the round's results
   * @param state  what this optimizer kept after the previous round; empty before the first
   * @throws IllegalArgumentException when the state is not one this optimizer keeps for this model
   */
  Aggregate step(Weights global, Weights update, ServerState state);

  /** global + update, no state: FedAvg's step. */
  static ServerOptimizer plain() {
    return new PlainStep();
  }

  /** Server momentum (FedAvgM, Hsu et al. 2019): m = beta m + update; global + lr m. */
  static ServerOptimizer momentum(double lr, double beta) {
    return new ServerMomentum(lr, beta);
  }

  /** FedAdam (Reddi et al. 2021, Algorithm 2). */
  static ServerOptimizer adam(double lr, double beta1, double beta2, double tau) {
    return new AdaptiveOptimizer(AdaptiveOptimizer.Kind.ADAM, lr, beta1, beta2, tau);
  }

  /** FedYogi (Reddi et al. 2021, Algorithm 2). */
  static ServerOptimizer yogi(double lr, double beta1, double beta2, double tau) {
    return new AdaptiveOptimizer(AdaptiveOptimizer.Kind.YOGI, lr, beta1, beta2, tau);
  }
}
