package org.dhtfl.ml.federated;

import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What an aggregation strategy carries from one round to the next, as named arrays of finite numbers
 * (server momentum, the moments of an adaptive optimizer), so that a run's folder can save it and a
 * resumed run continue it. Immutable: arrays are copied in and out.
 */
public final class ServerState {

  /** No state: what stateless strategies keep, and what every strategy starts from. */
  public static final ServerState EMPTY = new ServerState(new TreeMap<>());

  private final SortedMap<String, double[]> arrays;

  private ServerState(SortedMap<String, double[]> arrays) {
    this.arrays = arrays;
  }

  /**
   * The arrays by name, copied.
   *
   * @throws IllegalArgumentException for a blank name or a value that is not finite, naming it
   */
  public static ServerState of(Map<String, double[]> arrays) {
    Objects.requireNonNull(arrays, "arrays");
    SortedMap<String, double[]> copy = new TreeMap<>();
    arrays.forEach((name, values) -> copy.put(name, checked(name, values)));
    return new ServerState(copy);
  }

  /** This state with one array added or replaced. */
  public ServerState with(String name, double[] values) {
    SortedMap<String, double[]> copy = new TreeMap<>(arrays);
    copy.put(name, checked(name, values));
    return new ServerState(copy);
  }

  public SortedSet<String> names() {
    return Collections.unmodifiableSortedSet(new TreeSet<>(arrays.keySet()));
  }

  /** The array of the name, copied. */
  public Optional<double[]> get(String name) {
    return Optional.ofNullable(arrays.get(name)).map(double[]::clone);
  }

  /** Every array by name, copied. */
  public SortedMap<String, double[]> asMap() {
    SortedMap<String, double[]> copy = new TreeMap<>();
    arrays.forEach((name, values) -> copy.put(name, values.clone()));
    return copy;
  }

  public boolean isEmpty() {
    return arrays.isEmpty();
  }

  private static double[] checked(String name, double[] values) {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("a server state array needs a name");
    }
    Objects.requireNonNull(values, name);
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new IllegalArgumentException("server state " + name + "[" + i + "] is " + values[i]);
      }
    }
    return values.clone();
  }

  @Override
  public boolean equals(Object other) {
    if (!(other instanceof ServerState that) || !arrays.keySet().equals(that.arrays.keySet())) {
      return false;
    }
    return arrays.entrySet().stream().allMatch(e -> Arrays.equals(e.getValue(), that.arrays.get(e.getKey())));
  }

  @Override
  public int hashCode() {
    int hash = 0;
    for (Map.Entry<String, double[]> e : arrays.entrySet()) {
      hash = 31 * hash + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
    }
    return hash;
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("ServerState[");
    arrays.forEach((name, values) -> text.append(text.length() > 12 ? ", " : "").append(name).append(": ")
        .append(values.length).append(" values"));
    return text.append(']').toString();
  }
}
