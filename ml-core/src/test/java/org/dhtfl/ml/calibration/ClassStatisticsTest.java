package org.dhtfl.ml.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.Test;

class ClassStatisticsTest {

  @Test
  void aLogisticModelsFeaturesAreTheInputsCountedSummedAndMultipliedPerClass() {
    Dataset rows = Dataset.labelled("rows", 2, new double[] {1, 2, 3, 0, 0, 1}, new int[] {0, 0, 1});
    Weights model = Weights.zeros(ModelShape.logistic(2, 2));

    ClassStatistics stats = ClassStatistics.of(model, rows);

    assertThat(stats.count(0)).isEqualTo(2);
    assertThat(stats.count(1)).isEqualTo(1);
    assertThat(stats.sum(0)).containsExactly(4, 2);
    assertThat(stats.sum(1)).containsExactly(0, 1);
    // (1, 2)(1, 2)^T + (3, 0)(3, 0)^T and (0, 1)(0, 1)^T
    assertThat(stats.outerProducts(0)).containsExactly(10, 2, 2, 4);
    assertThat(stats.outerProducts(1)).containsExactly(0, 0, 0, 1);
  }

  @Test
  void anMlpsFeaturesAreItsReluHiddenUnits() {
    // W: bias row (0, -1), input row (1, 1): h = (max(0, x), max(0, x - 1))
    Weights model = Weights.fromRows(ModelShape.mlp(1, 2, 2), new double[][] {{0, 0}, {0, 0}, {0, 0}},
        new double[][] {{0, -1}, {1, 1}});
    Dataset rows = Dataset.labelled("rows", 1, new double[] {2, 0.5}, new int[] {1, 1});

    ClassStatistics stats = ClassStatistics.of(model, rows);

    // (2, 1) and (0.5, 0)
    assertThat(stats.sum(1)).containsExactly(2.5, 1);
    assertThat(stats.outerProducts(1)).containsExactly(4.25, 2, 2, 1);
    assertThat(stats.rows()).isEqualTo(2);
  }

  @Test
  void theStatisticsOfTwoNodesAddUpToThoseOfAllTheirRows() {
    Weights model = Weights.zeros(ModelShape.logistic(2, 2));
    Dataset a = Dataset.labelled("a", 2, new double[] {1, 2, 3, 0}, new int[] {0, 0});
    Dataset b = Dataset.labelled("b", 2, new double[] {0, 1}, new int[] {1});
    Dataset both = Dataset.labelled("both", 2, new double[] {1, 2, 3, 0, 0, 1}, new int[] {0, 0, 1});

    ClassStatistics sum = ClassStatistics.of(model, a).plus(ClassStatistics.of(model, b));

    ClassStatistics all = ClassStatistics.of(model, both);
    for (int c = 0; c < 2; c++) {
      assertThat(sum.count(c)).isEqualTo(all.count(c));
      assertThat(sum.sum(c)).containsExactly(all.sum(c));
      assertThat(sum.outerProducts(c)).containsExactly(all.outerProducts(c));
    }
    assertThatThrownBy(() -> sum.plus(ClassStatistics.empty(3, 2))).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void statisticsSentByAnotherProcessAreTheStatisticsTheyDescribe() {
    Weights model = Weights.zeros(ModelShape.logistic(2, 2));
    ClassStatistics local = ClassStatistics.of(model,
        Dataset.labelled("rows", 2, new double[] {1, 2, 3, 0, 0, 1}, new int[] {0, 0, 1}));

    ClassStatistics sent = ClassStatistics.of(new long[] {2, 1}, new double[][] {local.sum(0), local.sum(1)},
        new double[][] {local.outerProducts(0), local.outerProducts(1)});

    for (int c = 0; c < 2; c++) {
      assertThat(sent.count(c)).isEqualTo(local.count(c));
      assertThat(sent.sum(c)).containsExactly(local.sum(c));
      assertThat(sent.outerProducts(c)).containsExactly(local.outerProducts(c));
    }
  }

  @Test
  void theArraysOfAllClassesMakeTheSameStatisticsAgainAndAreCopies() {
    ClassStatistics local = ClassStatistics.of(Weights.zeros(ModelShape.logistic(2, 2)),
        Dataset.labelled("rows", 2, new double[] {1, 2, 3, 0, 0, 1}, new int[] {0, 0, 1}));

    ClassStatistics again = ClassStatistics.of(local.counts(), local.sums(), local.outerProducts());
    local.sums()[0][0] = 99;

    assertThat(again.counts()).containsExactly(2, 1);
    for (int c = 0; c < 2; c++) {
      assertThat(again.sum(c)).containsExactly(local.sum(c));
      assertThat(again.outerProducts(c)).containsExactly(local.outerProducts(c));
    }
    assertThat(local.sum(0)[0]).isEqualTo(4);
  }

  @Test
  void statisticsThatDoNotFitTogetherAreRefusedNamingTheValue() {
    double[][] sums = {{1, 2}, {0, 1}};
    double[][] outer = {{1, 2, 2, 4}, {0, 0, 0, 1}};

    assertThatThrownBy(() -> ClassStatistics.of(new long[] {1, -1}, sums, outer))
        .hasMessage("counts[1] -1 is negative");
    assertThatThrownBy(() -> ClassStatistics.of(new long[] {1, 1}, sums, new double[][] {{1, 2, 2}, {0, 0, 0, 1}}))
        .hasMessage("outer[0] has 3 values, expected 4");
    assertThatThrownBy(() -> ClassStatistics.of(new long[] {1, 1}, new double[][] {{1, Double.NaN}, {0, 1}}, outer))
        .hasMessage("sums[0][1] is NaN, not a finite number");
    assertThatThrownBy(() -> ClassStatistics.of(new long[] {1}, sums, outer))
        .hasMessageContaining("one of each per class");
  }
}
