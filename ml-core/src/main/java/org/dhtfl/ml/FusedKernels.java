package org.dhtfl.ml;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The products of {@link VectorLayeredPass}: {@link VectorKernels#multiply} and {@link VectorKernels#accumulate}
 * with fused multiply-adds, each term of a sum added with one rounding as {@link Math#fma} adds it in
 * {@link LayeredNetwork}, so both passes keep the same bits. The reference's model keeps {@link VectorKernels}'
 * separate multiplication and addition, which its bits (those of the reference's numpy) need.
 *
 * <p>A separate class because the arithmetic cannot be a parameter: with a flag choosing between the two
 * (a loop invariant), C2 kept the vectors boxed and a job took seven times as long. The register tiles are
 * 4 rows by 4 vectors (16 sums in flight, each loaded vector serving four rows) where the 32 vector registers
 * of AVX-512 hold them ({@link #FOUR}), else 4 rows by 2 vectors, and 4 rows by 1 vector for a last odd
 * vector. The tiles only order the work: every sum takes its terms in the order of the plain loop, so the
 * bits are the same on every processor.
 */
final class FusedKernels {
  private static final VectorSpecies<Double> SPECIES = VectorKernels.SPECIES;
  private static final int LANES = VectorKernels.LANES;
  /**
   * Whether the tiles of four vectors are used: with vectors of 8 doubles (AVX-512, whose 32 registers hold
   * the 16 sums), else tiles of two, whose 8 sums the 16 registers of AVX2 hold without spilling.
   */
  private static final boolean FOUR = LANES >= 8;

  private FusedKernels() {
  }

  /**
   * {@code out[r * width + col] = sum over k < kCount of left[leftOffset + r * leftStride + k] * m[k * width + col]}
   * for r &lt; rows and col &lt; width (a multiple of LANES), each sum in order of k, starting with its first
   * product and adding the others fused.
   */
  static void multiply(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out) {
    int col = 0;
    for (; FOUR && col + 4 * LANES <= width; col += 4 * LANES) {
      multiplyFour(left, leftOffset, leftStride, kCount, rows, m, width, out, col);
    }
    for (; col + 2 * LANES <= width; col += 2 * LANES) {
      multiplyTwo(left, leftOffset, leftStride, kCount, rows, m, width, out, col);
    }
    for (; col < width; col += LANES) {
      multiplyOne(left, leftOffset, leftStride, kCount, rows, m, width, out, col);
    }
  }

  /** The columns col .. col + 4 LANES - 1 of {@link #multiply}. */
  private static void multiplyFour(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out, int col) {
    int r = 0;
    for (; r + 4 <= rows; r += 4) {
      int l0 = leftOffset + r * leftStride;
      int l1 = l0 + leftStride;
      int l2 = l1 + leftStride;
      int l3 = l2 + leftStride;
      DoubleVector m0 = DoubleVector.fromArray(SPECIES, m, col);
      DoubleVector m1 = DoubleVector.fromArray(SPECIES, m, col + LANES);
      DoubleVector m2 = DoubleVector.fromArray(SPECIES, m, col + 2 * LANES);
      DoubleVector m3 = DoubleVector.fromArray(SPECIES, m, col + 3 * LANES);
      double x0 = left[l0];
      double x1 = left[l1];
      double x2 = left[l2];
      double x3 = left[l3];
      DoubleVector a0 = m0.mul(x0);
      DoubleVector b0 = m1.mul(x0);
      DoubleVector c0 = m2.mul(x0);
      DoubleVector d0 = m3.mul(x0);
      DoubleVector a1 = m0.mul(x1);
      DoubleVector b1 = m1.mul(x1);
      DoubleVector c1 = m2.mul(x1);
      DoubleVector d1 = m3.mul(x1);
      DoubleVector a2 = m0.mul(x2);
      DoubleVector b2 = m1.mul(x2);
      DoubleVector c2 = m2.mul(x2);
      DoubleVector d2 = m3.mul(x2);
      DoubleVector a3 = m0.mul(x3);
      DoubleVector b3 = m1.mul(x3);
      DoubleVector c3 = m2.mul(x3);
      DoubleVector d3 = m3.mul(x3);
      for (int k = 1; k < kCount; k++) {
        int mk = k * width + col;
        m0 = DoubleVector.fromArray(SPECIES, m, mk);
        m1 = DoubleVector.fromArray(SPECIES, m, mk + LANES);
        m2 = DoubleVector.fromArray(SPECIES, m, mk + 2 * LANES);
        m3 = DoubleVector.fromArray(SPECIES, m, mk + 3 * LANES);
        DoubleVector y0 = DoubleVector.broadcast(SPECIES, left[l0 + k]);
        DoubleVector y1 = DoubleVector.broadcast(SPECIES, left[l1 + k]);
        DoubleVector y2 = DoubleVector.broadcast(SPECIES, left[l2 + k]);
        DoubleVector y3 = DoubleVector.broadcast(SPECIES, left[l3 + k]);
        a0 = m0.fma(y0, a0);
        b0 = m1.fma(y0, b0);
        c0 = m2.fma(y0, c0);
        d0 = m3.fma(y0, d0);
        a1 = m0.fma(y1, a1);
        b1 = m1.fma(y1, b1);
        c1 = m2.fma(y1, c1);
        d1 = m3.fma(y1, d1);
        a2 = m0.fma(y2, a2);
        b2 = m1.fma(y2, b2);
        c2 = m2.fma(y2, c2);
        d2 = m3.fma(y2, d2);
        a3 = m0.fma(y3, a3);
        b3 = m1.fma(y3, b3);
        c3 = m2.fma(y3, c3);
        d3 = m3.fma(y3, d3);
      }
      int o = r * width + col;
      a0.intoArray(out, o);
      b0.intoArray(out, o + LANES);
      c0.intoArray(out, o + 2 * LANES);
      d0.intoArray(out, o + 3 * LANES);
      a1.intoArray(out, o + width);
      b1.intoArray(out, o + width + LANES);
      c1.intoArray(out, o + width + 2 * LANES);
      d1.intoArray(out, o + width + 3 * LANES);
      a2.intoArray(out, o + 2 * width);
      b2.intoArray(out, o + 2 * width + LANES);
      c2.intoArray(out, o + 2 * width + 2 * LANES);
      d2.intoArray(out, o + 2 * width + 3 * LANES);
      a3.intoArray(out, o + 3 * width);
      b3.intoArray(out, o + 3 * width + LANES);
      c3.intoArray(out, o + 3 * width + 2 * LANES);
      d3.intoArray(out, o + 3 * width + 3 * LANES);
    }
    for (; r < rows; r++) {
      int l = leftOffset + r * leftStride;
      DoubleVector a = DoubleVector.fromArray(SPECIES, m, col).mul(left[l]);
      DoubleVector b = DoubleVector.fromArray(SPECIES, m, col + LANES).mul(left[l]);
      DoubleVector c = DoubleVector.fromArray(SPECIES, m, col + 2 * LANES).mul(left[l]);
      DoubleVector d = DoubleVector.fromArray(SPECIES, m, col + 3 * LANES).mul(left[l]);
      for (int k = 1; k < kCount; k++) {
        int mk = k * width + col;
        DoubleVector y = DoubleVector.broadcast(SPECIES, left[l + k]);
        a = DoubleVector.fromArray(SPECIES, m, mk).fma(y, a);
        b = DoubleVector.fromArray(SPECIES, m, mk + LANES).fma(y, b);
        c = DoubleVector.fromArray(SPECIES, m, mk + 2 * LANES).fma(y, c);
        d = DoubleVector.fromArray(SPECIES, m, mk + 3 * LANES).fma(y, d);
      }
      a.intoArray(out, r * width + col);
      b.intoArray(out, r * width + col + LANES);
      c.intoArray(out, r * width + col + 2 * LANES);
      d.intoArray(out, r * width + col + 3 * LANES);
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
        DoubleVector y0 = DoubleVector.broadcast(SPECIES, left[l0 + k]);
        DoubleVector y1 = DoubleVector.broadcast(SPECIES, left[l1 + k]);
        DoubleVector y2 = DoubleVector.broadcast(SPECIES, left[l2 + k]);
        DoubleVector y3 = DoubleVector.broadcast(SPECIES, left[l3 + k]);
        a0 = m0.fma(y0, a0);
        b0 = m1.fma(y0, b0);
        a1 = m0.fma(y1, a1);
        b1 = m1.fma(y1, b1);
        a2 = m0.fma(y2, a2);
        b2 = m1.fma(y2, b2);
        a3 = m0.fma(y3, a3);
        b3 = m1.fma(y3, b3);
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
        DoubleVector y = DoubleVector.broadcast(SPECIES, left[l + k]);
        a = DoubleVector.fromArray(SPECIES, m, mk).fma(y, a);
        b = DoubleVector.fromArray(SPECIES, m, mk + LANES).fma(y, b);
      }
      a.intoArray(out, r * width + col);
      b.intoArray(out, r * width + col + LANES);
    }
  }

  /** The columns col .. col + LANES - 1 of {@link #multiply}. */
  private static void multiplyOne(double[] left, int leftOffset, int leftStride, int kCount, int rows,
      double[] m, int width, double[] out, int col) {
    int r = 0;
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
        a0 = m0.fma(DoubleVector.broadcast(SPECIES, left[l0 + k]), a0);
        a1 = m0.fma(DoubleVector.broadcast(SPECIES, left[l1 + k]), a1);
        a2 = m0.fma(DoubleVector.broadcast(SPECIES, left[l2 + k]), a2);
        a3 = m0.fma(DoubleVector.broadcast(SPECIES, left[l3 + k]), a3);
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
        a = DoubleVector.fromArray(SPECIES, m, k * width + col).fma(DoubleVector.broadcast(SPECIES, left[l + k]), a);
      }
      a.intoArray(out, r * width + col);
    }
  }

  /**
   * {@code g[p * width + col] += left[leftOffset + r * leftStride + p] * right[r * width + col]} for
   * r = 0, 1, ..., rows - 1 in that order, each fused, for p &lt; pCount and col &lt; width (a multiple of LANES).
   */
  static void accumulate(double[] left, int leftOffset, int leftStride, int pCount, int rows,
      double[] right, int width, double[] g) {
    int col = 0;
    for (; FOUR && col + 4 * LANES <= width; col += 4 * LANES) {
      accumulateFour(left, leftOffset, leftStride, pCount, rows, right, width, g, col);
    }
    for (; col + 2 * LANES <= width; col += 2 * LANES) {
      accumulateTwo(left, leftOffset, leftStride, pCount, rows, right, width, g, col);
    }
    for (; col < width; col += LANES) {
      accumulateOne(left, leftOffset, leftStride, pCount, rows, right, width, g, col);
    }
  }

  /** The columns col .. col + 4 LANES - 1 of {@link #accumulate}. */
  private static void accumulateFour(double[] left, int leftOffset, int leftStride, int pCount, int rows,
      double[] right, int width, double[] g, int col) {
    int p = 0;
    for (; p + 4 <= pCount; p += 4) {
      int g0 = p * width + col;
      int g1 = g0 + width;
      int g2 = g1 + width;
      int g3 = g2 + width;
      DoubleVector a0 = DoubleVector.fromArray(SPECIES, g, g0);
      DoubleVector b0 = DoubleVector.fromArray(SPECIES, g, g0 + LANES);
      DoubleVector c0 = DoubleVector.fromArray(SPECIES, g, g0 + 2 * LANES);
      DoubleVector d0 = DoubleVector.fromArray(SPECIES, g, g0 + 3 * LANES);
      DoubleVector a1 = DoubleVector.fromArray(SPECIES, g, g1);
      DoubleVector b1 = DoubleVector.fromArray(SPECIES, g, g1 + LANES);
      DoubleVector c1 = DoubleVector.fromArray(SPECIES, g, g1 + 2 * LANES);
      DoubleVector d1 = DoubleVector.fromArray(SPECIES, g, g1 + 3 * LANES);
      DoubleVector a2 = DoubleVector.fromArray(SPECIES, g, g2);
      DoubleVector b2 = DoubleVector.fromArray(SPECIES, g, g2 + LANES);
      DoubleVector c2 = DoubleVector.fromArray(SPECIES, g, g2 + 2 * LANES);
      DoubleVector d2 = DoubleVector.fromArray(SPECIES, g, g2 + 3 * LANES);
      DoubleVector a3 = DoubleVector.fromArray(SPECIES, g, g3);
      DoubleVector b3 = DoubleVector.fromArray(SPECIES, g, g3 + LANES);
      DoubleVector c3 = DoubleVector.fromArray(SPECIES, g, g3 + 2 * LANES);
      DoubleVector d3 = DoubleVector.fromArray(SPECIES, g, g3 + 3 * LANES);
      for (int r = 0; r < rows; r++) {
        int rr = r * width + col;
        DoubleVector y0 = DoubleVector.fromArray(SPECIES, right, rr);
        DoubleVector y1 = DoubleVector.fromArray(SPECIES, right, rr + LANES);
        DoubleVector y2 = DoubleVector.fromArray(SPECIES, right, rr + 2 * LANES);
        DoubleVector y3 = DoubleVector.fromArray(SPECIES, right, rr + 3 * LANES);
        int l = leftOffset + r * leftStride + p;
        DoubleVector x0 = DoubleVector.broadcast(SPECIES, left[l]);
        DoubleVector x1 = DoubleVector.broadcast(SPECIES, left[l + 1]);
        DoubleVector x2 = DoubleVector.broadcast(SPECIES, left[l + 2]);
        DoubleVector x3 = DoubleVector.broadcast(SPECIES, left[l + 3]);
        a0 = y0.fma(x0, a0);
        b0 = y1.fma(x0, b0);
        c0 = y2.fma(x0, c0);
        d0 = y3.fma(x0, d0);
        a1 = y0.fma(x1, a1);
        b1 = y1.fma(x1, b1);
        c1 = y2.fma(x1, c1);
        d1 = y3.fma(x1, d1);
        a2 = y0.fma(x2, a2);
        b2 = y1.fma(x2, b2);
        c2 = y2.fma(x2, c2);
        d2 = y3.fma(x2, d2);
        a3 = y0.fma(x3, a3);
        b3 = y1.fma(x3, b3);
        c3 = y2.fma(x3, c3);
        d3 = y3.fma(x3, d3);
      }
      a0.intoArray(g, g0);
      b0.intoArray(g, g0 + LANES);
      c0.intoArray(g, g0 + 2 * LANES);
      d0.intoArray(g, g0 + 3 * LANES);
      a1.intoArray(g, g1);
      b1.intoArray(g, g1 + LANES);
      c1.intoArray(g, g1 + 2 * LANES);
      d1.intoArray(g, g1 + 3 * LANES);
      a2.intoArray(g, g2);
      b2.intoArray(g, g2 + LANES);
      c2.intoArray(g, g2 + 2 * LANES);
      d2.intoArray(g, g2 + 3 * LANES);
      a3.intoArray(g, g3);
      b3.intoArray(g, g3 + LANES);
      c3.intoArray(g, g3 + 2 * LANES);
      d3.intoArray(g, g3 + 3 * LANES);
    }
    for (; p < pCount; p++) {
      int g0 = p * width + col;
      DoubleVector a = DoubleVector.fromArray(SPECIES, g, g0);
      DoubleVector b = DoubleVector.fromArray(SPECIES, g, g0 + LANES);
      DoubleVector c = DoubleVector.fromArray(SPECIES, g, g0 + 2 * LANES);
      DoubleVector d = DoubleVector.fromArray(SPECIES, g, g0 + 3 * LANES);
      for (int r = 0; r < rows; r++) {
        int rr = r * width + col;
        DoubleVector x = DoubleVector.broadcast(SPECIES, left[leftOffset + r * leftStride + p]);
        a = DoubleVector.fromArray(SPECIES, right, rr).fma(x, a);
        b = DoubleVector.fromArray(SPECIES, right, rr + LANES).fma(x, b);
        c = DoubleVector.fromArray(SPECIES, right, rr + 2 * LANES).fma(x, c);
        d = DoubleVector.fromArray(SPECIES, right, rr + 3 * LANES).fma(x, d);
      }
      a.intoArray(g, g0);
      b.intoArray(g, g0 + LANES);
      c.intoArray(g, g0 + 2 * LANES);
      d.intoArray(g, g0 + 3 * LANES);
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
        DoubleVector x0 = DoubleVector.broadcast(SPECIES, left[l]);
        DoubleVector x1 = DoubleVector.broadcast(SPECIES, left[l + 1]);
        DoubleVector x2 = DoubleVector.broadcast(SPECIES, left[l + 2]);
        DoubleVector x3 = DoubleVector.broadcast(SPECIES, left[l + 3]);
        a0 = y0.fma(x0, a0);
        b0 = y1.fma(x0, b0);
        a1 = y0.fma(x1, a1);
        b1 = y1.fma(x1, b1);
        a2 = y0.fma(x2, a2);
        b2 = y1.fma(x2, b2);
        a3 = y0.fma(x3, a3);
        b3 = y1.fma(x3, b3);
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
        DoubleVector x = DoubleVector.broadcast(SPECIES, left[leftOffset + r * leftStride + p]);
        a = DoubleVector.fromArray(SPECIES, right, rr).fma(x, a);
        b = DoubleVector.fromArray(SPECIES, right, rr + LANES).fma(x, b);
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
        a0 = y.fma(DoubleVector.broadcast(SPECIES, left[l]), a0);
        a1 = y.fma(DoubleVector.broadcast(SPECIES, left[l + 1]), a1);
        a2 = y.fma(DoubleVector.broadcast(SPECIES, left[l + 2]), a2);
        a3 = y.fma(DoubleVector.broadcast(SPECIES, left[l + 3]), a3);
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
        a = DoubleVector.fromArray(SPECIES, right, r * width + col)
            .fma(DoubleVector.broadcast(SPECIES, left[leftOffset + r * leftStride + p]), a);
      }
      a.intoArray(g, g0);
    }
  }
}
