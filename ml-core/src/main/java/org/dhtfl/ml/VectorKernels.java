package org.dhtfl.ml;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dense loops of {@link VectorBlockPass}, with the Vector API (the incubator module
 * jdk.incubator.vector), on row-major matrices whose rows are padded to whole vectors. The vectors run
 * across independent sums (the columns), never along one: each sum takes its terms in the order of the
 * plain loop, a multiplication and an addition each (no fused multiply-add), so every result is
 * bit-identical to {@link Kernels}' and to the plain formula.
 *
 * <p>The products go through register tiles of 4 rows x 2 vectors (8 rows x 1 vector for a last odd
 * vector): eight independent sums in flight hide the latency of the additions, and each loaded vector
 * serves four rows. All methods are static and, once compiled, allocation-free; the caller owns every
 * array. {@code width} is always a multiple of {@link #LANES}; only this class touches vectors, and they
 * never cross a method boundary (where C2 would have to box them). C2 compiles these loops well only
 * with the JVM options of {@link VectorApi}.
 */
final class VectorKernels {
  static final VectorSpecies<Double> SPECIES = DoubleVector.SPECIES_PREFERRED;
  static final int LANES = SPECIES.length();
  /** min(1, z 2^1000 2^74) is min(1, ceil(z)) for z &gt;= 0 or NaN: 2^-1074 is the smallest positive z. */
  private static final double TO_ONE_HI = 0x1p1000;
  private static final double TO_ONE_LO = 0x1p74;

  private VectorKernels() {
  }

  /** {@code count} rounded up to whole vectors. */
  static int padded(int count) {
    return (count + LANES - 1) / LANES * LANES;
  }

  /**
   * {@code out[r * width + col] = sum over k < kCount of left[leftOffset + r * leftStride + k] * m[k * width + col]}
   * for r &lt; rows and col &lt; width: a row block times a matrix, each sum in order of k and starting
   * with its first product.
   */
  static void multiply(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out) {
    int col = 0;
    for (; col + 2 * LANES <= width; col += 2 * LANES) {
      multiplyTwo(left, leftOffset, leftStride, kCount, rows, m, width, out, col);
    }
    for (; col < width; col += LANES) {
      multiplyOne(left, leftOffset, leftStride, kCount, rows, m, width, out, col);
    }
  }

  /** The columns col .. col + 2 LANES - 1 of {@link #multiply}. */
  private static void multiplyTwo(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out, int col) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int l0 = leftOffset + r * leftStride;
      int l1 = l0 + leftStride;
      int l2 = l1 + leftStride;
      int l3 = l2 + leftStride;
      DoubleVector m0 = DoubleVector.fromArray(SPECIES, m, col);
      DoubleVector m1 = DoubleVector.fromArray(SPECIES, m, col + LANES);
      DoubleVector a0 = m0.mul(left[l0]);
      DoubleVector b0 = m1.mul(left[l0]);
      DoubleVector a1 = m0.mul(left[l1]);
      DoubleVector b1 = m1.mul(left[l1]);
      DoubleVector a2 = m0.mul(left[l2]);
      DoubleVector b2 = m1.mul(left[l2]);
      DoubleVector a3 = m0.mul(left[l3]);
      DoubleVector b3 = m1.mul(left[l3]);
      for (int k = 1; k < kCount; k++) {
        int mk = k * width + col;
        m0 = DoubleVector.fromArray(SPECIES, m, mk);
        m1 = DoubleVector.fromArray(SPECIES, m, mk + LANES);
        double x0 = left[l0 + k];
        double x1 = left[l1 + k];
        double x2 = left[l2 + k];
        double x3 = left[l3 + k];
        a0 = a0.add(m0.mul(x0));
        b0 = b0.add(m1.mul(x0));
        a1 = a1.add(m0.mul(x1));
        b1 = b1.add(m1.mul(x1));
        a2 = a2.add(m0.mul(x2));
        b2 = b2.add(m1.mul(x2));
        a3 = a3.add(m0.mul(x3));
        b3 = b3.add(m1.mul(x3));
      }
      int o = r * width + col;
      a0.intoArray(out, o);
      b0.intoArray(out, o + LANES);
      a1.intoArray(out, o + width);
      b1.intoArray(out, o + width + LANES);
      a2.intoArray(out, o + 2 * width);
      b2.intoArray(out, o + 2 * width + LANES);
      a3.intoArray(out, o + 3 * width);
      b3.intoArray(out, o + 3 * width + LANES);
    }
    for (; r < rows; r++) {
      int l = leftOffset + r * leftStride;
      DoubleVector a = DoubleVector.fromArray(SPECIES, m, col).mul(left[l]);
      DoubleVector b = DoubleVector.fromArray(SPECIES, m, col + LANES).mul(left[l]);
      for (int k = 1; k < kCount; k++) {
        int mk = k * width + col;
        a = a.add(DoubleVector.fromArray(SPECIES, m, mk).mul(left[l + k]));
        b = b.add(DoubleVector.fromArray(SPECIES, m, mk + LANES).mul(left[l + k]));
      }
      a.intoArray(out, r * width + col);
      b.intoArray(out, r * width + col + LANES);
    }
  }

  /** The columns col .. col + LANES - 1 of {@link #multiply}. */
  private static void multiplyOne(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out, int col) {
    int r = 0;
    for (; r + 8 <= rows; r += 8) {
      int l0 = leftOffset + r * leftStride;
      int s = leftStride;
      DoubleVector m0 = DoubleVector.fromArray(SPECIES, m, col);
      DoubleVector a0 = m0.mul(left[l0]);
      DoubleVector a1 = m0.mul(left[l0 + s]);
      DoubleVector a2 = m0.mul(left[l0 + 2 * s]);
      DoubleVector a3 = m0.mul(left[l0 + 3 * s]);
      DoubleVector a4 = m0.mul(left[l0 + 4 * s]);
      DoubleVector a5 = m0.mul(left[l0 + 5 * s]);
      DoubleVector a6 = m0.mul(left[l0 + 6 * s]);
      DoubleVector a7 = m0.mul(left[l0 + 7 * s]);
      for (int k = 1; k < kCount; k++) {
        m0 = DoubleVector.fromArray(SPECIES, m, k * width + col);
        int l = l0 + k;
        a0 = a0.add(m0.mul(left[l]));
        a1 = a1.add(m0.mul(left[l + s]));
        a2 = a2.add(m0.mul(left[l + 2 * s]));
        a3 = a3.add(m0.mul(left[l + 3 * s]));
        a4 = a4.add(m0.mul(left[l + 4 * s]));
        a5 = a5.add(m0.mul(left[l + 5 * s]));
        a6 = a6.add(m0.mul(left[l + 6 * s]));
        a7 = a7.add(m0.mul(left[l + 7 * s]));
      }
      int o = r * width + col;
      a0.intoArray(out, o);
      a1.intoArray(out, o + width);
      a2.intoArray(out, o + 2 * width);
      a3.intoArray(out, o + 3 * width);
      a4.intoArray(out, o + 4 * width);
      a5.intoArray(out, o + 5 * width);
      a6.intoArray(out, o + 6 * width);
      a7.intoArray(out, o + 7 * width);
    }
    for (; r + 4 <= rows; r += 4) {
      int l0 = leftOffset + r * leftStride;
      int l1 = l0 + leftStride;
      int l2 = l1 + leftStride;
      int l3 = l2 + leftStride;
      DoubleVector m0 = DoubleVector.fromArray(SPECIES, m, col);
      DoubleVector a0 = m0.mul(left[l0]);
      DoubleVector a1 = m0.mul(left[l1]);
      DoubleVector a2 = m0.mul(left[l2]);
      DoubleVector a3 = m0.mul(left[l3]);
      for (int k = 1; k < kCount; k++) {
        m0 = DoubleVector.fromArray(SPECIES, m, k * width + col);
        a0 = a0.add(m0.mul(left[l0 + k]));
        a1 = a1.add(m0.mul(left[l1 + k]));
        a2 = a2.add(m0.mul(left[l2 + k]));
        a3 = a3.add(m0.mul(left[l3 + k]));
      }
      int o = r * width + col;
      a0.intoArray(out, o);
      a1.intoArray(out, o + width);
      a2.intoArray(out, o + 2 * width);
      a3.intoArray(out, o + 3 * width);
    }
    for (; r < rows; r++) {
      int l = leftOffset + r * leftStride;
      DoubleVector a = DoubleVector.fromArray(SPECIES, m, col).mul(left[l]);
      for (int k = 1; k < kCount; k++) {
        a = a.add(DoubleVector.fromArray(SPECIES, m, k * width + col).mul(left[l + k]));
      }
      a.intoArray(out, r * width + col);
    }
  }

  /**
   * {@code g[p * width + col] += left[leftOffset + r * leftStride + p] * right[r * width + col]} for
   * r = 0, 1, ..., rows - 1 in that order, for p &lt; pCount and col &lt; width: a row block's share of
   * left^T right, added to g term by term.
   */
  static void accumulate(double[] left, int leftOffset, int leftStride, int pCount, int rows,
      double[] right, int width, double[] g) {
    int col = 0;
    for (; col + 2 * LANES <= width; col += 2 * LANES) {
      accumulateTwo(left, leftOffset, leftStride, pCount, rows, right, width, g, col);
    }
    for (; col < width; col += LANES) {
      accumulateOne(left, leftOffset, leftStride, pCount, rows, right, width, g, col);
    }
  }

  /** The columns col .. col + 2 LANES - 1 of {@link #accumulate}. */
  private static void accumulateTwo(double[] left, int leftOffset, int leftStride, int pCount, int rows,
      double[] right, int width, double[] g, int col) {
    int p = 0;
    for (; p + 4 <= pCount; p += 4) {
      int g0 = p * width + col;
      DoubleVector a0 = DoubleVector.fromArray(SPECIES, g, g0);
      DoubleVector b0 = DoubleVector.fromArray(SPECIES, g, g0 + LANES);
      DoubleVector a1 = DoubleVector.fromArray(SPECIES, g, g0 + width);
      DoubleVector b1 = DoubleVector.fromArray(SPECIES, g, g0 + width + LANES);
      DoubleVector a2 = DoubleVector.fromArray(SPECIES, g, g0 + 2 * width);
      DoubleVector b2 = DoubleVector.fromArray(SPECIES, g, g0 + 2 * width + LANES);
      DoubleVector a3 = DoubleVector.fromArray(SPECIES, g, g0 + 3 * width);
      DoubleVector b3 = DoubleVector.fromArray(SPECIES, g, g0 + 3 * width + LANES);
      for (int r = 0; r < rows; r++) {
        int rr = r * width + col;
        DoubleVector y0 = DoubleVector.fromArray(SPECIES, right, rr);
        DoubleVector y1 = DoubleVector.fromArray(SPECIES, right, rr + LANES);
        int l = leftOffset + r * leftStride + p;
        double x0 = left[l];
        double x1 = left[l + 1];
        double x2 = left[l + 2];
        double x3 = left[l + 3];
        a0 = a0.add(y0.mul(x0));
        b0 = b0.add(y1.mul(x0));
        a1 = a1.add(y0.mul(x1));
        b1 = b1.add(y1.mul(x1));
        a2 = a2.add(y0.mul(x2));
        b2 = b2.add(y1.mul(x2));
        a3 = a3.add(y0.mul(x3));
        b3 = b3.add(y1.mul(x3));
      }
      a0.intoArray(g, g0);
      b0.intoArray(g, g0 + LANES);
      a1.intoArray(g, g0 + width);
      b1.intoArray(g, g0 + width + LANES);
      a2.intoArray(g, g0 + 2 * width);
      b2.intoArray(g, g0 + 2 * width + LANES);
      a3.intoArray(g, g0 + 3 * width);
      b3.intoArray(g, g0 + 3 * width + LANES);
    }
    for (; p < pCount; p++) {
      int g0 = p * width + col;
      DoubleVector a = DoubleVector.fromArray(SPECIES, g, g0);
      DoubleVector b = DoubleVector.fromArray(SPECIES, g, g0 + LANES);
      for (int r = 0; r < rows; r++) {
        int rr = r * width + col;
        double x = left[leftOffset + r * leftStride + p];
        a = a.add(DoubleVector.fromArray(SPECIES, right, rr).mul(x));
        b = b.add(DoubleVector.fromArray(SPECIES, right, rr + LANES).mul(x));
      }
      a.intoArray(g, g0);
      b.intoArray(g, g0 + LANES);
    }
  }

  /** The columns col .. col + LANES - 1 of {@link #accumulate}. */
  private static void accumulateOne(double[] left, int leftOffset, int leftStride, int pCount, int rows,
      double[] right, int width, double[] g, int col) {
    int p = 0;
    for (; p + 4 <= pCount; p += 4) {
      int g0 = p * width + col;
      DoubleVector a0 = DoubleVector.fromArray(SPECIES, g, g0);
      DoubleVector a1 = DoubleVector.fromArray(SPECIES, g, g0 + width);
      DoubleVector a2 = DoubleVector.fromArray(SPECIES, g, g0 + 2 * width);
      DoubleVector a3 = DoubleVector.fromArray(SPECIES, g, g0 + 3 * width);
      for (int r = 0; r < rows; r++) {
        DoubleVector y = DoubleVector.fromArray(SPECIES, right, r * width + col);
        int l = leftOffset + r * leftStride + p;
        a0 = a0.add(y.mul(left[l]));
        a1 = a1.add(y.mul(left[l + 1]));
        a2 = a2.add(y.mul(left[l + 2]));
        a3 = a3.add(y.mul(left[l + 3]));
      }
      a0.intoArray(g, g0);
      a1.intoArray(g, g0 + width);
      a2.intoArray(g, g0 + 2 * width);
      a3.intoArray(g, g0 + 3 * width);
    }
    for (; p < pCount; p++) {
      int g0 = p * width + col;
      DoubleVector a = DoubleVector.fromArray(SPECIES, g, g0);
      for (int r = 0; r < rows; r++) {
        a = a.add(DoubleVector.fromArray(SPECIES, right, r * width + col).mul(left[leftOffset + r * leftStride + p]));
      }
      a.intoArray(g, g0);
    }
  }

  /** {@code a[i] = max(0, a[i])} for i &lt; count (a multiple of LANES), as {@link Math#max} does it. */
  static void relu(double[] a, int count) {
    for (int i = 0; i < count; i += LANES) {
      DoubleVector.fromArray(SPECIES, a, i).max(0.0).intoArray(a, i);
    }
  }

  /**
   * {@code error[i] *= min(1, ceil(z[i]))} for i &lt; count (a multiple of LANES), with z = max(0, a) &gt;= 0
   * or NaN: the ReLU's derivative as the factor 1 where a &gt; 0 and 0 elsewhere, as {@link ScalarBlockPass}
   * applies it.
   */
  static void keepActive(double[] error, double[] z, int count) {
    for (int i = 0; i < count; i += LANES) {
      DoubleVector factor = DoubleVector.fromArray(SPECIES, z, i).mul(TO_ONE_HI).mul(TO_ONE_LO).min(1.0);
      DoubleVector.fromArray(SPECIES, error, i).mul(factor).intoArray(error, i);
    }
  }

  /** {@code a[i] = -(a[i] / divisor)} for from &lt;= i &lt; to (to - from a multiple of LANES). */
  static void negatedQuotient(double[] a, int from, int to, double divisor) {
    for (int i = from; i < to; i += LANES) {
      DoubleVector.fromArray(SPECIES, a, i).div(divisor).neg().intoArray(a, i);
    }
  }

  /** The largest of {@code a[from .. from + count - 1]}, as repeated {@link Math#max} gives it (any order). */
  static double max(double[] a, int from, int count) {
    double max = Double.NEGATIVE_INFINITY;
    int i = from;
    int end = from + count;
    if (count >= LANES) {
      DoubleVector lanes = DoubleVector.fromArray(SPECIES, a, i);
      for (i += LANES; i + LANES <= end; i += LANES) {
        lanes = lanes.max(DoubleVector.fromArray(SPECIES, a, i));
      }
      max = lanes.reduceLanes(VectorOperators.MAX);
    }
    for (; i < end; i++) {
      max = Math.max(max, a[i]);
    }
    return max;
  }

  /**
   * {@code a[r * width + c] = Exp.exp(a[r * width + c] - rowMax[r])} for r &lt; rows and c &lt; width, where
   * every difference is &lt;= 0 or NaN: {@link Exp#exp}'s arithmetic lane by lane, its branches as blends.
   */
  static void expMinusRowMax(double[] a, int rows, int width, double[] rowMax) {
    long rounderBits = Double.doubleToRawLongBits(Exp.ROUNDER);
    for (int row = 0; row < rows; row++) {
      for (int i = row * width; i < (row + 1) * width; i += LANES) {
        DoubleVector x = DoubleVector.fromArray(SPECIES, a, i).sub(rowMax[row]);
        DoubleVector v = x.mul(Exp.INV_LN2).sub(0.5);
        DoubleVector rounded = v.add(Exp.ROUNDER).sub(Exp.ROUNDER);
        DoubleVector ceil = rounded.blend(rounded.add(1.0), rounded.compare(VectorOperators.LT, v));
        DoubleVector k = DoubleVector.zero(SPECIES).blend(ceil, x.compare(VectorOperators.LT, -Exp.UNREDUCED));
        DoubleVector hi = x.sub(k.mul(Exp.LN2_HI));
        DoubleVector lo = k.mul(Exp.LN2_LO);
        DoubleVector r = hi.sub(lo);
        DoubleVector t = r.mul(r);
        DoubleVector c = r.sub(t.mul(t.mul(t.mul(t.mul(t.mul(Exp.P5).add(Exp.P4)).add(Exp.P3)).add(Exp.P2))
            .add(Exp.P1)));
        DoubleVector quotient = r.mul(c).div(DoubleVector.broadcast(SPECIES, 2.0).sub(c));
        DoubleVector y = DoubleVector.broadcast(SPECIES, 1.0).sub(lo.sub(quotient).sub(hi));
        DoubleVector scale = k.add(Exp.ROUNDER).reinterpretAsLongs()
            .add(Exp.SCALE_BIAS + Double.MAX_EXPONENT - rounderBits)
            .lanewise(VectorOperators.LSHL, 52).reinterpretAsDoubles();
        y = y.mul(scale).mul(Exp.UNSCALE);
        y = y.blend(x.add(1.0), x.compare(VectorOperators.GT, -Exp.TINY));
        y.blend(0.0, x.compare(VectorOperators.LT, Exp.UNDERFLOW)).intoArray(a, i);
      }
    }
  }
}
