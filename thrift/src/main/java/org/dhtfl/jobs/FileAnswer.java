package org.dhtfl.jobs;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * The owner's answer to a {@link FileQuery}: the value, or none when the owner has no such file
 * and the query carried none (the wire's "need_data"); and the node that answered, when it said.
 */
public record FileAnswer<T>(Optional<T> value, OptionalInt node) {

  public FileAnswer {
    Objects.requireNonNull(value, "value");
    Objects.requireNonNull(node, "node");
  }

  public static <T> FileAnswer<T> done(T value, int node) {
    return new FileAnswer<>(Optional.of(value), OptionalInt.of(node));
  }

  public static <T> FileAnswer<T> needData(int node) {
    return new FileAnswer<>(Optional.empty(), OptionalInt.of(node));
  }

  public boolean needsData() {
    return value.isEmpty();
  }
}
