package org.dhtfl.ml;

/**
 * The C library's rand() as glibc computes it (the additive feedback generator of random(3),
 * state of 34 words warmed up by 310 steps), so that start weights can be drawn exactly as the
 * reference's C++ model draws them after srand(seed).
 */
final class GlibcRandom {

  /** RAND_MAX of glibc. */
  static final int RAND_MAX = Integer.MAX_VALUE;

  private final int[] state = new int[34];
  private int index;

  /** srand(seed); as in glibc, a seed of 0 is taken as 1. */
  GlibcRandom(long seed) {
    if (seed < 0 || seed > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("seed " + seed + " out of range 0..4294967295");
    }
    int s = (int) seed;
    state[0] = s == 0 ? 1 : s;
    for (int i = 1; i < 31; i++) {
      // 16807 * previous mod (2^31 - 1), on signed 32-bit words as glibc computes it.
      long word = (16807L * state[i - 1]) % 2147483647L;
      if (word < 0) {
        word += 2147483647L;
      }
      state[i] = (int) word;
    }
    for (int i = 31; i < 34; i++) {
      state[i] = state[i - 31];
    }
    index = 0;
    for (int i = 34; i < 344; i++) {
      step();
    }
  }

  /** rand(): the next value in 0..RAND_MAX. */
  int next() {
    return step() >>> 1;
  }

  /** The next word of the sequence r[i] = r[i - 31] + r[i - 3] (mod 2^32), kept in a ring of 34. */
  private int step() {
    int value = state[(index + 3) % 34] + state[(index + 31) % 34];
    state[index] = value;
    index = (index + 1) % 34;
    return value;
  }
}
