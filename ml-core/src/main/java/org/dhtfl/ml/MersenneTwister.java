package org.dhtfl.ml;

/**
 * MT19937 (Matsumoto and Nishimura, 1998) seeded like numpy's legacy {@code np.random.seed(int)}
 * ({@code init_genrand}), drawing doubles like numpy's {@code rand} ({@code genrand_res53}).
 *
 * <p>Not thread-safe: one instance per use.
 */
final class MersenneTwister {
  private static final int N = 624;
  private static final int M = 397;
  private static final int MATRIX_A = 0x9908b0df;
  private static final int UPPER_MASK = 0x80000000;
  private static final int LOWER_MASK = 0x7fffffff;
  static final long MAX_SEED = 0xffffffffL;

  private final int[] state = new int[N];
  private int index;

  MersenneTwister(long seed) {
    if (seed < 0 || seed > MAX_SEED) {
      throw new IllegalArgumentException("seed " + seed + " out of range 0..4294967295");
    }
    state[0] = (int) seed;
    for (int i = 1; i < N; i++) {
      int previous = state[i - 1];
      // 32-bit wrap-around of int arithmetic is exactly the reduction mod 2^32 the algorithm asks for.
      state[i] = 1812433253 * (previous ^ (previous >>> 30)) + i;
    }
    index = N;
  }

  /** The next 32 random bits, as genrand_int32 returns them (read as unsigned). */
  int nextInt32() {
    if (index >= N) {
      regenerate();
    }
    int y = state[index++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y;
  }

  /** A double uniform in [0, 1) with 53 random bits (genrand_res53). */
  double nextDouble() {
    int a = nextInt32() >>> 5;
    int b = nextInt32() >>> 6;
    return (a * 67108864.0 + b) / 9007199254740992.0;
  }

  private void regenerate() {
    for (int k = 0; k < N; k++) {
      int y = (state[k] & UPPER_MASK) | (state[(k + 1) % N] & LOWER_MASK);
      int mixed = (y >>> 1) ^ ((y & 1) == 0 ? 0 : MATRIX_A);
      state[k] = state[(k + M) % N] ^ mixed;
    }
    index = 0;
  }
}
