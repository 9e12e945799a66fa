package org.dhtfl.client.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShardTest {

  private static Shard shardOfLabels(int... labels) {
    List<Shard.Row> rows = new ArrayList<>();
    for (int label : labels) {
      rows.add(new Shard.Row("1,2," + label, label));
    }
    return new Shard("shard-1", rows);
  }

  @Test
  void countsTheRowsOfEachLabelInLabelOrder() {
    // Arrange
    Shard shard = shardOfLabels(7, 3, 7, 0, 7, 3);

    // Act and assert
    assertThat(shard.size()).isEqualTo(6);
    assertThat(shard.labelCounts()).containsExactly(Map.entry(0, 1), Map.entry(3, 2), Map.entry(7, 3));
  }

  @Test
  void topLabelsAreTheMostFrequentFirstWithTiesBySmallerLabel() {
    // Arrange
    Shard shard = shardOfLabels(5, 2, 9, 9, 2, 5, 1);

    // Act
    List<Shard.LabelCount> top = shard.topLabels(3);

    // Assert
    assertThat(top).containsExactly(new Shard.LabelCount(2, 2), new Shard.LabelCount(5, 2), new Shard.LabelCount(9, 2));
    assertThat(shard.topLabels(10)).hasSize(4);
    assertThat(shard.topLabels(0)).isEmpty();
  }

  @Test
  void theTopLabelShareIsTheFractionOfRowsWithTheMostFrequentLabel() {
    assertThat(shardOfLabels(4, 4, 4, 1).topLabelShare()).hasValue(0.75);
    assertThat(shardOfLabels(4).topLabelShare()).hasValue(1.0);
  }

  @Test
  void anEmptyShardHasNoTopLabelShare() {
    // Arrange
    Shard shard = new Shard("shard-2", List.of());

    // Act and assert
    assertThat(shard.size()).isZero();
    assertThat(shard.topLabels(3)).isEmpty();
    assertThat(shard.topLabelShare()).isEmpty();
  }

  @Test
  void rowsAreCopiedAndCannotBeChanged() {
    // Arrange
    List<Shard.Row> rows = new ArrayList<>(List.of(new Shard.Row("1,0", 0)));
    Shard shard = new Shard("shard-0", rows);

    // Act
    rows.add(new Shard.Row("2,1", 1));

    // Assert
    assertThat(shard.rows()).containsExactly(new Shard.Row("1,0", 0));
    assertThatThrownBy(() -> shard.rows().clear()).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aRowOfMoreThanOneLineIsRefused() {
    assertThatThrownBy(() -> new Shard.Row("1,0\n2,1", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("spans more than one line");
  }

  @Test
  void aBlankNameOrANegativeLimitIsRefused() {
    assertThatThrownBy(() -> new Shard(" ", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("shard name ' ' is blank");
    assertThatThrownBy(() -> shardOfLabels(1).topLabels(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit -1 must be at least 0");
  }
}
