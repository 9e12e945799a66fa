package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RowBlockTest {

  @Test
  void splitTransposesTheRowsBehindARowOfOnes() {
    // Arrange: 5 rows of 2 features, blocks of 2 rows
    Dataset data = Dataset.labelled("d", 2, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new int[] {0, 1, 2, 3, 4});

    // Act
    RowBlock[] blocks = RowBlock.split(data, 2);

    // Assert
    assertThat(blocks).hasSize(3);
    assertThat(blocks[1].firstRow).isEqualTo(2);
    assertThat(blocks[1].rows).isEqualTo(2);
    assertThat(blocks[1].inputs).isDeepEqualTo(new double[][] {{1, 1}, {5, 7}, {6, 8}});
    assertThat(blocks[1].labels).containsExactly(2, 3);
    assertThat(blocks[2].rows).isEqualTo(1);
    assertThat(blocks[2].inputs).isDeepEqualTo(new double[][] {{1}, {9}, {10}});
    assertThat(RowBlock.maxRows(blocks)).isEqualTo(2);
  }

  @Test
  void splitAlsoKeepsEachRowWholeBehindAOne() {
    // Arrange: 5 rows of 2 features, blocks of 2 rows
    Dataset data = Dataset.labelled("d", 2, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, new int[] {0, 1, 2, 3, 4});

    // Act
    RowBlock[] blocks = RowBlock.split(data, 2);

    // Assert
    assertThat(blocks[1].byRow).containsExactly(1, 5, 6, 1, 7, 8);
    assertThat(blocks[2].byRow).containsExactly(1, 9, 10);
  }

  @Test
  void theDefaultBlockSizeIsFixed() {
    Dataset data = TestData.random("d", RowBlock.ROWS * 2 + 1, 3, 2, 1);

    RowBlock[] blocks = RowBlock.split(data);

    assertThat(blocks).hasSize(3);
    assertThat(blocks[2].rows).isEqualTo(1);
  }

  @Test
  void unlabelledRowsMakeBlocksWithoutLabels() {
    RowBlock[] blocks = RowBlock.split(Dataset.unlabelled("d", 1, new double[] {4, 5}));

    assertThat(blocks[0].labels).isEmpty();
    assertThat(blocks[0].inputs).isDeepEqualTo(new double[][] {{1, 1}, {4, 5}});
  }
}
