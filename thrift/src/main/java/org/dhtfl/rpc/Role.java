package org.dhtfl.rpc;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a party of the cluster is, as its TLS certificate names it (the first word of its CN). */
public enum Role {
  SUPERNODE,
  NODE,
  CLIENT;

  /** The word a certificate's CN starts with. */
  public String word() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The role a CN's first word names, if any. */
  static Optional<Role> ofWord(String word) {
    return Arrays.stream(values()).filter(r -> r.word().equals(word)).findFirst();
  }

  @Override
  public String toString() {
    return word();
  }
}
