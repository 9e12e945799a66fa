package org.dhtfl.ml;

/**
 * The dense loops of training, on matrices stored transposed: one {@code double[]} per unit (input,
 * hidden or output), indexed by training row, so every long inner loop runs over contiguous training
 * rows with the plain loop index. That shape matters: JDK 17's C2 vectorises
 * {@code out[t] += a * in[t]} over separate arrays (about 25 GFLOPS here for four fused terms) but not the
 * same loop on one flat matrix with a different row offset per operand ({@code out[o + t] += a * in[i + t]},
 * 4 to 6 GFLOPS), so the scratch matrices are arrays of rows rather than one flat array.
 *
 * <p>All methods are static and allocation-free; the caller owns every array. {@code n} is the number of
 * training rows in use; arrays may be longer.
 */
final class Kernels {
  private Kernels() {
  }

  /**
   * {@code out[r][t] = sum over q < qCount of coef(r, q) * in[q][t]}, for r < rCount and t < n, where
   * {@code coef(r, q) = coef[offset + r * rStride + q * qStride]}. The sum runs over q in order
   * (bit-identical to a plain loop); four terms share one pass over {@code out[r]}.
   */
  static void combine(double[] coef, int offset, int rStride, int qStride, int rCount,
      double[][] in, int qCount, int n, double[][] out) {
    for (int r = 0; r < rCount; r++) {
      double[] o = out[r];
      int c = offset + r * rStride;
      int q;
      if (qCount >= 4) {
        double c0 = coef[c];
        double c1 = coef[c + qStride];
        double c2 = coef[c + 2 * qStride];
        double c3 = coef[c + 3 * qStride];
        double[] i0 = in[0];
        double[] i1 = in[1];
        double[] i2 = in[2];
        double[] i3 = in[3];
        for (int t = 0; t < n; t++) {
          o[t] = c0 * i0[t] + c1 * i1[t] + c2 * i2[t] + c3 * i3[t];
        }
        q = 4;
      } else {
        double c0 = coef[c];
        double[] i0 = in[0];
        for (int t = 0; t < n; t++) {
          o[t] = c0 * i0[t];
        }
        q = 1;
      }
      for (; q + 4 <= qCount; q += 4) {
        int cq = c + q * qStride;
        double c0 = coef[cq];
        double c1 = coef[cq + qStride];
        double c2 = coef[cq + 2 * qStride];
        double c3 = coef[cq + 3 * qStride];
        double[] i0 = in[q];
        double[] i1 = in[q + 1];
        double[] i2 = in[q + 2];
        double[] i3 = in[q + 3];
        for (int t = 0; t < n; t++) {
          o[t] = o[t] + c0 * i0[t] + c1 * i1[t] + c2 * i2[t] + c3 * i3[t];
        }
      }
      for (; q < qCount; q++) {
        double c0 = coef[c + q * qStride];
        double[] i0 = in[q];
        for (int t = 0; t < n; t++) {
          o[t] += c0 * i0[t];
        }
      }
    }
  }

  /**
   * {@code out[p * bRows + q] = sum over t < n of a[p][t] * b[q][t]} (a times b transposed, into a flat
   * row-major matrix), summing over t in order.
   *
   * <p>The sum over t is a reduction, which C2 does not vectorise for doubles; tiles of 2 x 4 outputs
   * keep eight independent sums in registers so the scalar units stay busy.
   */
  static void contract(double[][] a, int aRows, double[][] b, int bRows, int n, double[] out) {
    int p = 0;
    for (; p + 2 <= aRows; p += 2) {
      double[] a0 = a[p];
      double[] a1 = a[p + 1];
      int q = 0;
      for (; q + 4 <= bRows; q += 4) {
        double[] b0 = b[q];
        double[] b1 = b[q + 1];
        double[] b2 = b[q + 2];
        double[] b3 = b[q + 3];
        double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
        double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
        for (int t = 0; t < n; t++) {
          double x0 = a0[t];
          double x1 = a1[t];
          double y0 = b0[t];
          double y1 = b1[t];
          double y2 = b2[t];
          double y3 = b3[t];
          s00 += x0 * y0;
          s01 += x0 * y1;
          s02 += x0 * y2;
          s03 += x0 * y3;
          s10 += x1 * y0;
          s11 += x1 * y1;
          s12 += x1 * y2;
          s13 += x1 * y3;
        }
        int o0 = p * bRows + q;
        int o1 = o0 + bRows;
        out[o0] = s00;
        out[o0 + 1] = s01;
        out[o0 + 2] = s02;
        out[o0 + 3] = s03;
        out[o1] = s10;
        out[o1 + 1] = s11;
        out[o1 + 2] = s12;
        out[o1 + 3] = s13;
      }
      for (; q < bRows; q++) {
        double[] b0 = b[q];
        double s0 = 0;
        double s1 = 0;
        for (int t = 0; t < n; t++) {
          double y = b0[t];
          s0 += a0[t] * y;
          s1 += a1[t] * y;
        }
        out[p * bRows + q] = s0;
        out[(p + 1) * bRows + q] = s1;
      }
    }
    for (; p < aRows; p++) {
      double[] a0 = a[p];
      int q = 0;
      for (; q + 4 <= bRows; q += 4) {
        double[] b0 = b[q];
        double[] b1 = b[q + 1];
        double[] b2 = b[q + 2];
        double[] b3 = b[q + 3];
        double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int t = 0; t < n; t++) {
          double x = a0[t];
          s0 += x * b0[t];
          s1 += x * b1[t];
          s2 += x * b2[t];
          s3 += x * b3[t];
        }
        int o = p * bRows + q;
        out[o] = s0;
        out[o + 1] = s1;
        out[o + 2] = s2;
        out[o + 3] = s3;
      }
      for (; q < bRows; q++) {
        double[] b0 = b[q];
        double s = 0;
        for (int t = 0; t < n; t++) {
          s += a0[t] * b0[t];
        }
        out[p * bRows + q] = s;
      }
    }
  }
}
