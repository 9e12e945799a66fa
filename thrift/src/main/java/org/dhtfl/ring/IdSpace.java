package org.dhtfl.ring;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The identifier space of a Chord ring: the integers 0 .. 2^m - 1 arranged in a circle.
 *
 * <p>Every interval test goes clockwise from its first bound to its last. When the two bounds are
 * equal the interval wraps the whole ring: {@code (a, a]} holds every identifier, and
 * {@code (a, a)} every identifier but {@code a}. That is the rule a node alone in the ring relies
 * on: it is its own successor, so every key lies in (n, successor].
 */
public final class IdSpace {

  public static final int MIN_BITS = 3;
  public static final int MAX_BITS = 31;

  private final int bits;
  private final int mask;

  public IdSpace(int bits) {
    if (bits < MIN_BITS || bits > MAX_BITS) {
      throw new IllegalArgumentException(
          "bits " + bits + " out of range " + MIN_BITS + ".." + MAX_BITS);
    }
    this.bits = bits;
    this.mask = (int) ((1L << bits) - 1);
  }

  /** m: identifiers have this many bits. */
  public int bits() {
    return bits;
  }

  /** 2^m, the number of identifiers. */
  public long size() {
    return 1L << bits;
  }

  public boolean contains(long id) {
    return id >= 0 && id <= mask;
  }

  /** Returns {@code id} if it is an identifier of this space, else fails naming it. */
  public int check(long id, String what) {
    if (!contains(id)) {
      throw new IllegalArgumentException(what + " " + id + " out of range 0.." + mask);
    }
    return (int) id;
  }

  /** Reduces any integer, negative ones included, mod 2^m. */
  public int reduce(long value) {
    return (int) (value & mask);
  }

  /** SHA-1 of the UTF-8 bytes of {@code name}, as an unsigned integer, mod 2^m. */
  public int keyOf(String name) {
    byte[] hash = sha1().digest(name.getBytes(StandardCharsets.UTF_8));
    int n = hash.length;
    int low = (hash[n - 4] & 0xff) << 24 | (hash[n - 3] & 0xff) << 16
        | (hash[n - 2] & 0xff) << 8 | (hash[n - 1] & 0xff);
    return low & mask;
  }

  /** A node's identifier as the reference computes it: the key of its port in decimal. */
  public int idOfPort(int port) {
    return keyOf(Integer.toString(port));
  }

  /** {@code id + 2^i mod 2^m}: where finger i of node {@code id} starts. */
  public int plusPowerOfTwo(int id, int i) {
    checkFingerIndex(i);
    return reduce((long) id + (1L << i));
  }

  /** {@code id - 2^i mod 2^m}. */
  public int minusPowerOfTwo(int id, int i) {
    checkFingerIndex(i);
    return reduce((long) id - (1L << i));
  }

  /** Clockwise distance from {@code from} to {@code to}, in 0 .. 2^m - 1. */
  public long distance(int from, int to) {
    return ((long) to - from) & mask;
  }

  /** x in (a, b], clockwise; the whole ring when a == b. */
  public boolean inOpenClosed(int a, int x, int b) {
    if (a == b) {
      return true;
    }
    long dx = distance(a, x);
    return dx != 0 && dx <= distance(a, b);
  }

  /** x in (a, b), clockwise; every identifier but a when a == b. */
  public boolean inOpenOpen(int a, int x, int b) {
    if (a == b) {
      return x != a;
    }
    long dx = distance(a, x);
    return dx != 0 && dx < distance(a, b);
  }

  public void checkFingerIndex(int i) {
    if (i < 0 || i >= bits) {
      throw new IllegalArgumentException("finger index " + i + " out of range 0.." + (bits - 1));
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IdSpace other && other.bits == bits;
  }

  @Override
  public int hashCode() {
    return bits;
  }

  @Override
  public String toString() {
    return "IdSpace(m=" + bits + ")";
  }

  private static MessageDigest sha1() {
    try {
      return MessageDigest.getInstance("SHA-1");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is required of every JVM", e);
    }
  }
}
