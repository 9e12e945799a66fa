package org.dhtfl.client.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ParticipationTest {

  private static final List<String> FILES = IntStream.range(0, 33).mapToObj(i -> String.format("shard-%02d", i)).toList();

  @Test
  void aFractionOfOneTakesEveryFileEveryRound() {
    assertThat(Participation.all().choose(FILES, 7)).isEqualTo(FILES);
  }

  @Test
  void aRoundTakesTheRoundedShareInTheFilesOrder() {
    List<String> chosen = new Participation(0.3, 1).choose(FILES, 1);

    assertThat(chosen).hasSize(10).isSubsetOf(FILES).isSorted();
  }

  @Test
  void theSameSeedAndRoundChooseTheSameFilesAndOtherRoundsOthers() {
    Participation participation = new Participation(0.3, 1);

    assertThat(participation.choose(FILES, 4)).isEqualTo(new Participation(0.3, 1).choose(FILES, 4));
    assertThat(participation.choose(FILES, 4)).isNotEqualTo(participation.choose(FILES, 5));
    assertThat(participation.choose(FILES, 4)).isNotEqualTo(new Participation(0.3, 2).choose(FILES, 4));
  }

  @Test
  void everyRoundTrainsAtLeastOneFile() {
    assertThat(new Participation(0.001, 1).choose(FILES, 1)).hasSize(1);
  }

  @Test
  void aFractionOutsideZeroToOneIsRefused() {
    assertThatThrownBy(() -> new Participation(0, 1)).hasMessage("--fraction 0.0 must be in (0, 1]");
    assertThatThrownBy(() -> new Participation(1.5, 1)).hasMessage("--fraction 1.5 must be in (0, 1]");
  }
}
