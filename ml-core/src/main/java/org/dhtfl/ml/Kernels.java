package org.dhtfl.ml;

/**
 * The dense loops of training, on matrices stored transposed: one row per unit (input, hidden or
 * output), one column per training row, so every long inner loop runs over contiguous training rows
 * and has the axpy shape {@code out[t] += a * in[t]} that HotSpot's C2 vectorises.
 *
 * <p>All methods are static and allocation-free; the caller owns every array.
 */
final class Kernels {
    private Kernels() {
    }

    /**
     * {@code out[r][t] = sum over q < qCount of coef(r, q) * in[q][t]}, for r < rCount and t < n, where
     * {@code coef(r, q) = coef[offset + r * rStride + q * qStride]}, {@code in[q][t] = in[q * n + t]} and
     * {@code out[r][t] = out[r * n + t]}. The sum runs over q in order (bit-identical to a plain loop);
     * four terms share one pass over {@code out}.
     */
    static void combine(double[] coef, int offset, int rStride, int qStride, int rCount,
            double[] in, int qCount, int n, double[] out) {
        for (int r = 0; r < rCount; r++) {
            int o = r * n;
            int c = offset + r * rStride;
            int q;
            if (qCount >= 4) {
                double c0 = coef[c];
                double c1 = coef[c + qStride];
                double c2 = coef[c + 2 * qStride];
                double c3 = coef[c + 3 * qStride];
                int i1 = n;
                int i2 = 2 * n;
                int i3 = 3 * n;
                for (int t = 0; t < n; t++) {
                    out[o + t] = c0 * in[t] + c1 * in[i1 + t] + c2 * in[i2 + t] + c3 * in[i3 + t];
                }
                q = 4;
            } else {
                double c0 = coef[c];
                for (int t = 0; t < n; t++) {
                    out[o + t] = c0 * in[t];
                }
                q = 1;
            }
            for (; q + 4 <= qCount; q += 4) {
                int cq = c + q * qStride;
                double c0 = coef[cq];
                double c1 = coef[cq + qStride];
                double c2 = coef[cq + 2 * qStride];
                double c3 = coef[cq + 3 * qStride];
                int i0 = q * n;
                int i1 = i0 + n;
                int i2 = i1 + n;
                int i3 = i2 + n;
                for (int t = 0; t < n; t++) {
                    out[o + t] = out[o + t] + c0 * in[i0 + t] + c1 * in[i1 + t] + c2 * in[i2 + t] + c3 * in[i3 + t];
                }
            }
            for (; q < qCount; q++) {
                double c0 = coef[c + q * qStride];
                int i0 = q * n;
                for (int t = 0; t < n; t++) {
                    out[o + t] += c0 * in[i0 + t];
                }
            }
        }
    }

    /**
     * {@code out[p * qRows + q] = sum over t < n of a[p][t] * b[q][t]} (a times b transposed), with
     * {@code a[p][t] = a[p * n + t]}, {@code b[q][t] = b[q * n + t]}; sums over t in order.
     *
     * <p>The sum over t is a reduction, which C2 does not vectorise for doubles; tiles of 2 x 4 outputs
     * keep eight independent sums in registers so the scalar units stay busy.
     */
    static void contract(double[] a, int aRows, double[] b, int bRows, int n, double[] out) {
        int p = 0;
        for (; p + 2 <= aRows; p += 2) {
            int a0 = p * n;
            int a1 = a0 + n;
            int q = 0;
            for (; q + 4 <= bRows; q += 4) {
                int b0 = q * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
                double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
                for (int t = 0; t < n; t++) {
                    double x0 = a[a0 + t];
                    double x1 = a[a1 + t];
                    double y0 = b[b0 + t];
                    double y1 = b[b1 + t];
                    double y2 = b[b2 + t];
                    double y3 = b[b3 + t];
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
                int b0 = q * n;
                double s0 = 0;
                double s1 = 0;
                for (int t = 0; t < n; t++) {
                    double y = b[b0 + t];
                    s0 += a[a0 + t] * y;
                    s1 += a[a1 + t] * y;
                }
                out[p * bRows + q] = s0;
                out[(p + 1) * bRows + q] = s1;
            }
        }
        for (; p < aRows; p++) {
            int a0 = p * n;
            int q = 0;
            for (; q + 4 <= bRows; q += 4) {
                int b0 = q * n;
                int b1 = b0 + n;
                int b2 = b1 + n;
                int b3 = b2 + n;
                double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
                for (int t = 0; t < n; t++) {
                    double x = a[a0 + t];
                    s0 += x * b[b0 + t];
                    s1 += x * b[b1 + t];
                    s2 += x * b[b2 + t];
                    s3 += x * b[b3 + t];
                }
                int o = p * bRows + q;
                out[o] = s0;
                out[o + 1] = s1;
                out[o + 2] = s2;
                out[o + 3] = s3;
            }
            for (; q < bRows; q++) {
                int b0 = q * n;
                double s = 0;
                for (int t = 0; t < n; t++) {
                    s += a[a0 + t] * b[b0 + t];
                }
                out[p * bRows + q] = s;
            }
        }
    }
}
