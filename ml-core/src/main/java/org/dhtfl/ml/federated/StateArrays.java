package org.dhtfl.ml.federated;

import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.dhtfl.ml.ModelShape;

/** The check every {@link ServerOptimizer} applies to the state it is given, written once. */
final class StateArrays {
  private StateArrays() {
  }

  /**
   * The optimizer's arrays in the order of {@code names}: empty when the state is empty (the first
   * round), else every name with one value per parameter of the model.
   *
   * @throws IllegalArgumentException when the state holds other names, or arrays of another length
   */
  static Optional<double[][]> read(ServerState state, ModelShape shape, String optimizer, List<String> names) {
    if (state.isEmpty()) {
      return Optional.empty();
    }
    if (!state.names().equals(new TreeSet<>(names))) {
      throw new IllegalArgumentException("server state holds " + state.names() + ", " + optimizer + " keeps "
          + (names.isEmpty() ? "none" : new TreeSet<>(names)));
    }
    int size = Flat.size(shape);
    double[][] arrays = new double[names.size()][];
    for (int i = 0; i < arrays.length; i++) {
      arrays[i] = state.get(names.get(i)).orElseThrow();
      if (arrays[i].length != size) {
        throw new IllegalArgumentException("server state " + names.get(i) + " has " + arrays[i].length
            + " values, the model " + shape + " has " + size);
      }
    }
    return Optional.of(arrays);
  }
}
