package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ExpTest {

  /** Arguments x <= 0 over the whole range, dense where the method changes branch. */
  static double[] arguments(int count, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] x = new double[count];
    for (int i = 0; i < count; i++) {
      x[i] = switch (i % 6) {
        case 0 -> -random.nextDouble(0, 1.1);
        case 1 -> -random.nextDouble(0, 40);
        case 2 -> -random.nextDouble(700, 760);
        case 3 -> -Math.scalb(random.nextDouble(), -random.nextInt(70));
        case 4 -> -Exp.LN2_HI * (random.nextInt(1100) + 0.5) + random.nextDouble(-1e-12, 1e-12);
        default -> -random.nextDouble(0, 1100);
      };
    }
    return x;
  }

  /** The edges of fdlibm's branches, and the values that need care. */
  static final double[] EDGES = {
      0.0, -0.0, -Double.MIN_VALUE, -Double.MIN_NORMAL, -Exp.TINY, -Math.nextDown(Exp.TINY), -Math.nextUp(Exp.TINY),
      -Exp.UNREDUCED, -Math.nextUp(Exp.UNREDUCED), -Math.nextDown(Exp.UNREDUCED), -0.5 * Math.log(2),
      -1.5 * Math.log(2), -1.0397207708399179, -1.0397207708399180, -Math.log(2), -1, -2, -10, -708.39, -709.78,
      -744.44007192138122, Exp.UNDERFLOW, Math.nextUp(Exp.UNDERFLOW), Math.nextDown(Exp.UNDERFLOW), -746, -1e4,
      -Double.MAX_VALUE, Double.NEGATIVE_INFINITY, Double.NaN};

  @Test
  void equalsStrictMathBitForBitOnTheEdges() {
    for (double x : EDGES) {
      assertThat(Double.doubleToLongBits(Exp.exp(x))).as("exp(%s)", x)
          .isEqualTo(Double.doubleToLongBits(StrictMath.exp(x)));
    }
  }

  @Test
  void equalsStrictMathBitForBitOnAMillionArguments() {
    for (double x : arguments(1_000_000, 11)) {
      double expected = StrictMath.exp(x);
      double actual = Exp.exp(x);
      if (Double.doubleToLongBits(actual) != Double.doubleToLongBits(expected)) {
        assertThat(actual).as("exp(%s)", x).isEqualTo(expected);
      }
    }
  }
}
