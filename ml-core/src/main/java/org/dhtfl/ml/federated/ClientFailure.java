package org.dhtfl.ml.federated;

import java.util.Objects;

/** A client that took part in a round but returned no result, and why. */
public record ClientFailure(String source, String reason) {

  public ClientFailure {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(reason, "reason");
  }
}
