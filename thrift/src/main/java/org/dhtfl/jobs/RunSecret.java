package org.dhtfl.jobs;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;

/**
 * The capability of a federated run: a secret only the run's client holds. The run's public id,
 * the one the ring state, the live page and the logs show, is derived from it:
 * {@code "run-"} followed by the first 32 hexadecimal digits (128 bits) of SHA-256 over the
 * secret's UTF-8 bytes. A node checks a caller's secret against a run id by hashing it, with no
 * record of runs, so no one can take a run's id before its client arrives, and a node that never
 * saw the run (a new owner, a restarted node) checks it the same way. reports/design.md, "Runs are
 * capabilities", says what each call needs.
 *
 * <p>{@link #toString} names the run, never the secret.
 */
public final class RunSecret {

  /** The prefix of every run id a secret gives; the reference's put_data run has none. */
  public static final String RUN_PREFIX = "run-";
  public static final int MIN_LENGTH = 32;
  public static final int MAX_LENGTH = 128;
  private static final int ID_HEX_DIGITS = 32;
  private static final int RANDOM_BYTES = 32;

  private final String value;
  private final String runId;

  private RunSecret(String value) {
    this.value = value;
    this.runId = RUN_PREFIX + HexFormat.of().formatHex(sha256(value)).substring(0, ID_HEX_DIGITS);
  }

  /** A new secret: 32 random bytes, as 64 hexadecimal digits. */
  public static RunSecret generate(SecureRandom random) {
    byte[] bytes = new byte[RANDOM_BYTES];
    random.nextBytes(bytes);
    return new RunSecret(HexFormat.of().formatHex(bytes));
  }

  /**
   * A secret as a client holds it; fails, without repeating it, when it is not 32 to 128 printable
   * ASCII characters.
   */
  public static RunSecret of(String value) {
    Objects.requireNonNull(value, "secret");
    if (value.length() < MIN_LENGTH || value.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("a run secret of " + value.length() + " characters; " + MIN_LENGTH + ".."
          + MAX_LENGTH + " allowed");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= ' ' || c > '~') {
        throw new IllegalArgumentException("a run secret may hold only printable ASCII characters");
      }
    }
    return new RunSecret(value);
  }

  /** The run's public id. */
  public String runId() {
    return runId;
  }

  /** The secret itself, for the wire and the run's folder only. */
  public String value() {
    return value;
  }

  /**
   * Opens {@code runId} for a call, or fails naming the run (never the secret): without a secret,
   * or with one whose run is another.
   */
  public static RunSecret open(String runId, Optional<RunSecret> secret) {
    if (secret.isEmpty()) {
      throw new IllegalArgumentException("run " + FileNames.printable(runId)
          + " is open only with its secret, which only its client holds");
    }
    if (!MessageDigest.isEqual(secret.get().runId.getBytes(StandardCharsets.UTF_8),
        runId.getBytes(StandardCharsets.UTF_8))) {
      throw new IllegalArgumentException("run " + FileNames.printable(runId)
          + " is open only with its secret, and the secret given is another run's");
    }
    return secret.get();
  }

  private static byte[] sha256(String value) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof RunSecret s && MessageDigest.isEqual(value.getBytes(StandardCharsets.UTF_8),
        s.value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return runId.hashCode();
  }

  @Override
  public String toString() {
    return "secret of " + runId;
  }
}
