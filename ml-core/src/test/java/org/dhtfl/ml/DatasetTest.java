package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetTest {

  @Test
  void aLabelledDatasetKeepsItsRowsAndLabels() {
    // Act
    Dataset data = Dataset.labelled("d", 2, new double[] {1, 2, 3, 4, 5, 6}, new int[] {0, 2, 1});

    // Assert
    assertThat(data.rows()).isEqualTo(3);
    assertThat(data.features()).isEqualTo(2);
    assertThat(data.labelled()).isTrue();
    assertThat(data.values()).containsExactly(1, 2, 3, 4, 5, 6);
    assertThat(data.labels()).containsExactly(0, 2, 1);
    assertThat(data.labelBound()).isEqualTo(3);
  }

  @Test
  void anUnlabelledDatasetHasNoLabels() {
    Dataset data = Dataset.unlabelled("d", 3, new double[] {1, 2, 3, 4, 5, 6});

    assertThat(data.rows()).isEqualTo(2);
    assertThat(data.labelled()).isFalse();
    assertThat(data.labels()).isEmpty();
    assertThat(data.labelBound()).isZero();
  }

  @Test
  void inputsAndOutputsAreCopies() {
    // Arrange
    double[] values = {1, 2};
    int[] labels = {0, 1};
    Dataset data = Dataset.labelled("d", 1, values, labels);

    // Act
    values[0] = 9;
    labels[0] = 9;
    data.values()[1] = 9;
    data.labels()[1] = 9;

    // Assert
    assertThat(data.values()).containsExactly(1, 2);
    assertThat(data.labels()).containsExactly(0, 1);
  }

  @Test
  void valuesThatDoNotFillTheRowsAreRefused() {
    assertThatThrownBy(() -> new Dataset("d", 3, 2, new double[5], new int[3]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d: 5 values, expected 3 x 2");
  }

  @Test
  void aFeatureThatIsNotFiniteIsRefusedByRowAndFeature() {
    assertThatThrownBy(() -> Dataset.labelled("d", 2, new double[] {1, 2, 3, Double.NaN}, new int[] {0, 1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d: row 1, feature 1 is NaN");
  }

  @Test
  void aNegativeLabelIsRefused() {
    assertThatThrownBy(() -> Dataset.labelled("d", 1, new double[] {1, 2}, new int[] {0, -1}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d: row 1 has label -1");
  }

  @Test
  void labelsForSomeRowsOnlyAreRefused() {
    assertThatThrownBy(() -> new Dataset("d", 2, 1, new double[] {1, 2}, new int[] {0}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d: 1 labels, expected 2 (or none)");
  }

  @Test
  void anEmptyDatasetIsRefused() {
    assertThatThrownBy(() -> Dataset.labelled("d", 1, new double[0], new int[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("d: 0 rows, expected at least 1");
  }

  @Test
  void concatJoinsTheRowsInOrder() {
    // Arrange
    Dataset first = Dataset.labelled("a", 2, new double[] {1, 2}, new int[] {3});
    Dataset second = Dataset.labelled("b", 2, new double[] {3, 4, 5, 6}, new int[] {4, 5});

    // Act
    Dataset all = Dataset.concat("all", List.of(first, second));

    // Assert
    assertThat(all).isEqualTo(Dataset.labelled("all", 2, new double[] {1, 2, 3, 4, 5, 6}, new int[] {3, 4, 5}));
  }

  @Test
  void concatRefusesPartsWithDifferentFeatureCounts() {
    Dataset first = Dataset.labelled("a", 2, new double[] {1, 2}, new int[] {0});
    Dataset second = Dataset.labelled("b", 1, new double[] {3}, new int[] {0});

    assertThatThrownBy(() -> Dataset.concat("all", List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("b has 1 features, a has 2");
  }

  @Test
  void concatRefusesToMixLabelledAndUnlabelledParts() {
    Dataset first = Dataset.labelled("a", 1, new double[] {1}, new int[] {0});
    Dataset second = Dataset.unlabelled("b", 1, new double[] {3});

    assertThatThrownBy(() -> Dataset.concat("all", List.of(first, second)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("b is not labelled, a is");
  }

  @Test
  void concatRefusesNothing() {
    assertThatThrownBy(() -> Dataset.concat("all", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("all: nothing to concatenate");
  }

  @Test
  void datasetsAreEqualByContent() {
    Dataset a = Dataset.labelled("d", 1, new double[] {1, 2}, new int[] {0, 1});

    assertThat(a).isEqualTo(Dataset.labelled("d", 1, new double[] {1, 2}, new int[] {0, 1}))
        .hasSameHashCodeAs(Dataset.labelled("d", 1, new double[] {1, 2}, new int[] {0, 1}));
    assertThat(a).isNotEqualTo(Dataset.labelled("d", 1, new double[] {1, 2}, new int[] {0, 0}));
    assertThat(a).hasToString("Dataset[d, 2 rows x 1 features, labelled]");
  }
}
