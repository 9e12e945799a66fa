package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class KernelsTest {
  private final SplittableRandom random = new SplittableRandom(17);

  private double[][] matrix(int rows, int cols) {
    double[][] m = new double[rows][cols];
    for (double[] row : m) {
      for (int i = 0; i < cols; i++) {
        row[i] = random.nextDouble(-1, 1);
      }
    }
    return m;
  }

  private double[] flat(int size) {
    double[] values = new double[size];
    for (int i = 0; i < size; i++) {
      values[i] = random.nextDouble(-1, 1);
    }
    return values;
  }

  @Test
  void combineEqualsThePlainSumInEveryShapeBitForBit() {
    for (int rCount = 1; rCount <= 6; rCount++) {
      for (int qCount = 1; qCount <= 10; qCount++) {
        for (int n : new int[] {1, 3, 8, 13}) {
          // Arrange: coef(r, q) at 2 + r * qCount + q (row-major with an offset)
          double[] coef = flat(2 + rCount * qCount);
          double[][] in = matrix(qCount, n + 2);
          double[][] out = matrix(rCount, n + 2);

          // Act
          Kernels.combine(coef, 2, qCount, 1, rCount, in, qCount, n, out);

          // Assert
          for (int r = 0; r < rCount; r++) {
            for (int t = 0; t < n; t++) {
              double sum = 0;
              for (int q = 0; q < qCount; q++) {
                sum += coef[2 + r * qCount + q] * in[q][t];
              }
              assertThat(out[r][t]).as("r %d t %d of %dx%dx%d", r, t, rCount, qCount, n).isEqualTo(sum);
            }
          }
        }
      }
    }
  }

  @Test
  void combineReadsColumnMajorCoefficientsToo() {
    // Arrange: coef(r, q) at q * rCount + r, i.e. the transpose
    double[] coef = {1, 2, 3, 4, 5, 6};
    double[][] in = {{1}, {10}, {100}};
    double[][] out = new double[2][1];

    // Act
    Kernels.combine(coef, 0, 1, 2, 2, in, 3, 1, out);

    // Assert: r = 0: 1 + 30 + 500; r = 1: 2 + 40 + 600
    assertThat(out[0][0]).isEqualTo(531);
    assertThat(out[1][0]).isEqualTo(642);
  }

  @Test
  void contractEqualsThePlainSumInEveryShapeBitForBit() {
    for (int aRows = 1; aRows <= 5; aRows++) {
      for (int bRows = 1; bRows <= 9; bRows++) {
        for (int n : new int[] {1, 2, 7, 16}) {
          // Arrange
          double[][] a = matrix(aRows, n + 1);
          double[][] b = matrix(bRows, n + 1);
          double[] out = new double[aRows * bRows];

          // Act
          Kernels.contract(a, aRows, b, bRows, n, out);

          // Assert
          for (int p = 0; p < aRows; p++) {
            for (int q = 0; q < bRows; q++) {
              double sum = 0;
              for (int t = 0; t < n; t++) {
                sum += a[p][t] * b[q][t];
              }
              assertThat(out[p * bRows + q]).isEqualTo(sum);
            }
          }
        }
      }
    }
  }
}
