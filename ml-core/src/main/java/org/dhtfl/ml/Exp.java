package org.dhtfl.ml;

/**
 * e^x for x &lt;= 0, bit for bit as {@link StrictMath#exp} computes it (fdlibm's e_exp.c, error under
 * 1 ulp), in plain double arithmetic (no table, no look at the bits of x), so that
 * {@link VectorKernels#expShifted} can do the same lane by lane. Both passes take their softmax
 * exponentials from here: the same bits on every machine, with or without the Vector API.
 * ({@link Math#exp} may differ from StrictMath in the last bit, on about 6% of these arguments.)
 *
 * <p>fdlibm's method: x = k ln2 + r with |r| &lt;= ln2 / 2 (k = 0 while |x| &lt;= ln2 / 2), r kept as
 * hi - lo; exp(r) = 1 + r + r c / (2 - c) with c = r - r^2 (P1 + r^2 P2 + ... + r^8 P5), a minimax
 * rational form; then 2^k exp(r). The constants are fdlibm's:
 * <blockquote>Copyright (C) 1993 by Sun Microsystems, Inc. All rights reserved. Developed at SunSoft,
 * a Sun Microsystems, Inc. business. Permission to use, copy, modify, and distribute this software is
 * freely granted, provided that this notice is preserved.</blockquote>
 */
final class Exp {
  static final double INV_LN2 = 1.44269504088896338700e+00;
  /** ln2 in two parts; k LN2_HI is exact for the k here. */
  static final double LN2_HI = 6.93147180369123816490e-01;
  static final double LN2_LO = 1.90821492927058770002e-10;
  static final double P1 = 1.66666666666666019037e-01;
  static final double P2 = -2.77777777770155933842e-03;
  static final double P3 = 6.61375632143793436117e-05;
  static final double P4 = -1.65339022054652515390e-06;
  static final double P5 = 4.13813679705723846039e-08;
  /**
   * The largest |x| that fdlibm leaves unreduced (k = 0): it decides by the high 32 bits, 0x3fd62e42,
   * which admit values a little above ln2 / 2.
   */
  static final double UNREDUCED = Double.longBitsToDouble(0x3fd62e42ffffffffL);
  /** Below 2^-28 in magnitude fdlibm returns 1 + x. */
  static final double TINY = 0x1p-28;
  /** Below this, e^x rounds to 0. */
  static final double UNDERFLOW = -7.45133219101941108420e+02;
  /** Added and subtracted again, rounds a double below 2^51 in magnitude to an integer. */
  static final double ROUNDER = 0x1.8p52;
  /** 2^k is built as 2^(k + 1000) 2^-1000: both factors are normal for every k here. */
  static final int SCALE_BIAS = 1000;
  static final double UNSCALE = 0x1p-1000;

  private Exp() {
  }

  /** e^x for x &lt;= 0 or NaN (NaN gives NaN). */
  static double exp(double x) {
    if (x > -TINY) {
      return 1.0 + x;
    }
    if (x < UNDERFLOW) {
      return 0.0;
    }
    // fdlibm's k = (int) (x / ln2 - 1/2), which truncates toward zero
    double k = x < -UNREDUCED ? Math.ceil(x * INV_LN2 - 0.5) : 0.0;
    double hi = x - k * LN2_HI;
    double lo = k * LN2_LO;
    double r = hi - lo;
    double t = r * r;
    double c = r - t * (P1 + t * (P2 + t * (P3 + t * (P4 + t * P5))));
    double y = 1.0 - ((lo - (r * c) / (2.0 - c)) - hi);
    // 2^k y in two exact steps (the second rounds once when the result is subnormal, as fdlibm's does)
    return y * Double.longBitsToDouble(((long) k + SCALE_BIAS + Double.MAX_EXPONENT) << 52) * UNSCALE;
  }
}
