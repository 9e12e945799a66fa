package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every kernel against the plain loop it stands for, bit for bit: {@link VectorKernels}' with a multiplication and
 * an addition a term, {@link FusedKernels}' with {@link Math#fma}.
 */
class VectorKernelsTest {
  private final SplittableRandom random = new SplittableRandom(23);

  @BeforeAll
  static void needsTheVectorApi() {
    Assumptions.assumeTrue(VectorApi.USABLE, "no Vector API in this JVM (--add-modules jdk.incubator.vector)");
  }

  private double[] values(int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return values;
  }

  /** A product kernel's signature ({@link VectorKernels#multiply}, {@link FusedKernels#multiply}). */
  private interface Multiply {
    void run(double[] left, int leftOffset, int leftStride, int kCount, int rows, double[] m, int width, double[] out);
  }

  /** An accumulating kernel's signature ({@link VectorKernels#accumulate}, {@link FusedKernels#accumulate}). */
  private interface Accumulate {
    void run(double[] left, int leftOffset, int leftStride, int pCount, int rows, double[] right, int width, double[] g);
  }

  /** How the plain loop adds a term {@code a b} to its sum. */
  private interface Term {
    double add(double sum, double a, double b);
  }

  private static final Term UNFUSED = (sum, a, b) -> sum + a * b;
  private static final Term FUSED = (sum, a, b) -> Math.fma(a, b, sum);

  /**
   * The kernel against the plain sums, term by term with {@code term}, bit for bit, in widths of 1 to
   * {@code vectors} vectors; returns how many of those sums the other way of adding a term would have
   * rounded differently.
   */
  private int multiplyMatchesThePlainSums(Multiply kernel, Term term, int vectors) {
    Term other = term == FUSED ? UNFUSED : FUSED;
    int otherDiffers = 0;
    int lanes = VectorKernels.LANES;
    for (int width = lanes; width <= vectors * lanes; width += lanes) {
      for (int kCount = 1; kCount <= 11; kCount++) {
        for (int rows : new int[] {1, 3, 4, 7, 9, 32}) {
          // Arrange: the left rows at an offset, with a stride wider than kCount
          int offset = 3;
          int stride = kCount + 2;
          double[] left = values(offset + rows * stride);
          double[] m = values(kCount * width);
          double[] out = values(rows * width);

          // Act
          kernel.run(left, offset, stride, kCount, rows, m, width, out);

          // Assert
          for (int r = 0; r < rows; r++) {
            for (int col = 0; col < width; col++) {
              double sum = left[offset + r * stride] * m[col];
              double otherSum = sum;
              for (int k = 1; k < kCount; k++) {
                sum = term.add(sum, left[offset + r * stride + k], m[k * width + col]);
                otherSum = other.add(otherSum, left[offset + r * stride + k], m[k * width + col]);
              }
              assertThat(out[r * width + col]).as("[%d][%d] of %dx%dx%d", r, col, rows, kCount, width).isEqualTo(sum);
              otherDiffers += Double.compare(sum, otherSum) != 0 ? 1 : 0;
            }
          }
        }
      }
    }
    return otherDiffers;
  }

  /** The kernel against the plain loop adding each row's product in row order with {@code term}, bit for bit. */
  private void accumulateMatchesThePlainLoop(Accumulate kernel, Term term, int vectors) {
    int lanes = VectorKernels.LANES;
    for (int width = lanes; width <= vectors * lanes; width += lanes) {
      for (int pCount = 1; pCount <= 10; pCount++) {
        for (int rows : new int[] {1, 2, 5, 32}) {
          // Arrange
          int offset = 1;
          int stride = pCount + 3;
          double[] left = values(offset + rows * stride);
          double[] right = values(rows * width);
          double[] g = values(pCount * width);
          double[] expected = g.clone();
          for (int p = 0; p < pCount; p++) {
            for (int col = 0; col < width; col++) {
              for (int r = 0; r < rows; r++) {
                expected[p * width + col] = term.add(expected[p * width + col], left[offset + r * stride + p],
                    right[r * width + col]);
              }
            }
          }

          // Act
          kernel.run(left, offset, stride, pCount, rows, right, width, g);

          // Assert
          assertThat(g).as("%dx%dx%d", pCount, rows, width).isEqualTo(expected);
        }
      }
    }
  }

  @Test
  void multiplyEqualsThePlainSumInEveryShapeBitForBit() {
    multiplyMatchesThePlainSums(VectorKernels::multiply, UNFUSED, 5);
  }

  @Test
  void accumulateAddsEachRowsProductInRowOrderBitForBit() {
    accumulateMatchesThePlainLoop(VectorKernels::accumulate, UNFUSED, 5);
  }

  // Widths of 1 to 9 vectors: tiles of four vectors (with AVX-512), of two and of one, alone and together.

  @Test
  void multiplyEqualsTheFusedPlainSumInEveryShapeBitForBit() {
    int unfusedDiffers = multiplyMatchesThePlainSums(FusedKernels::multiply, FUSED, 9);

    assertThat(unfusedDiffers).as("sums whose unfused terms round differently").isPositive();
  }

  @Test
  void accumulateAddsEachRowsProductFusedInRowOrderBitForBit() {
    accumulateMatchesThePlainLoop(FusedKernels::accumulate, FUSED, 9);
  }

  @Test
  void reluAndTheMaskActAsMathMaxAndTheCeilingFactor() {
    // Arrange: signed zeros, NaN, infinities, subnormals among ordinary values
    double[] special = {-0.0, 0.0, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.MIN_VALUE,
        -Double.MIN_VALUE, 0.3, -0.3, 1.0, 2.5, Double.MAX_VALUE};
    int count = VectorKernels.padded(special.length);
    double[] a = new double[count];
    System.arraycopy(special, 0, a, 0, special.length);
    double[] z = a.clone();
    double[] error = values(count);
    error[0] = Double.POSITIVE_INFINITY;
    error[1] = -0.0;
    double[] expectedZ = new double[count];
    double[] expectedError = new double[count];
    for (int i = 0; i < count; i++) {
      expectedZ[i] = Math.max(0.0, a[i]);
      expectedError[i] = error[i] * Math.min(1.0, Math.ceil(expectedZ[i]));
    }

    // Act
    VectorKernels.relu(z, count);
    VectorKernels.keepActive(error, z, count);

    // Assert
    assertThat(z).isEqualTo(expectedZ);
    assertThat(error).isEqualTo(expectedError);
  }

  @Test
  void maxIsTheLargestValueWhateverTheCountAndNaNWins() {
    for (int count = 1; count <= 3 * VectorKernels.LANES + 1; count++) {
      double[] a = values(count + 2);
      double max = Double.NEGATIVE_INFINITY;
      for (int i = 1; i <= count; i++) {
        max = Math.max(max, a[i]);
      }
      assertThat(VectorKernels.max(a, 1, count)).isEqualTo(max);
      a[count] = Double.NaN;
      assertThat(VectorKernels.max(a, 1, count)).isNaN();
    }
  }

  @Test
  void negatedQuotientDividesAndNegates() {
    double[] a = values(2 * VectorKernels.LANES);
    double[] expected = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      expected[i] = -(a[i] / 3.7);
    }

    VectorKernels.negatedQuotient(a, 0, a.length, 3.7);

    assertThat(a).isEqualTo(expected);
  }

  @Test
  void expMinusRowMaxEqualsStrictMathBitForBit() {
    // Arrange: a million arguments, then the edges, as rows of two vectors with a row max of 0
    double[] edges = ExpTest.EDGES;
    double[] arguments = ExpTest.arguments(1_000_000, 12);
    int width = 2 * VectorKernels.LANES;
    int rows = (arguments.length + edges.length + width - 1) / width;
    double[] x = new double[rows * width];
    System.arraycopy(arguments, 0, x, 0, arguments.length);
    System.arraycopy(edges, 0, x, arguments.length, edges.length);
    double[] a = x.clone();

    // Act
    VectorKernels.expMinusRowMax(a, rows, width, new double[rows]);

    // Assert
    for (int i = 0; i < x.length; i++) {
      if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(StrictMath.exp(x[i]))) {
        assertThat(a[i]).as("exp(%s)", x[i]).isEqualTo(StrictMath.exp(x[i]));
      }
    }
  }

  @Test
  void expMinusRowMaxSubtractsEachRowsOwnMax() {
    // Arrange: three rows of one vector (values in -1..1) under maxima 1.5, 1 and 3; a fourth row
    // is left alone
    int lanes = VectorKernels.LANES;
    double[] a = values(4 * lanes);
    double[] rowMax = {1.5, 1, 3};
    double[] expected = a.clone();
    for (int i = 0; i < 3 * lanes; i++) {
      expected[i] = StrictMath.exp(a[i] - rowMax[i / lanes]);
    }

    // Act
    VectorKernels.expMinusRowMax(a, 3, lanes, rowMax);

    // Assert
    assertThat(a).isEqualTo(expected);
  }
}
