package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RingViewsTest {

  @Test
  void oneRingHasNobodyOutside() {
    assertThat(RingViews.outsideMainRing(Map.of(19, 51, 51, 6, 6, 19))).isEmpty();
  }

  @Test
  void aNodeAloneBesideARingOfTwoIsOutside() {
    assertThat(RingViews.outsideMainRing(Map.of(19, 51, 51, 19, 6, 6))).containsExactly(6);
  }

  @Test
  void aNodeThatLeadsIntoTheMainRingIsInItAndOneLeadingIntoTheOtherIsNot() {
    // 10 -> 20 -> 30 -> 10 is the ring of the most; 40 points into it (a joiner); 50 <-> 60 is another ring,
    // and 70 leads into it.
    Map<Integer, Integer> successors = Map.of(10, 20, 20, 30, 30, 10, 40, 10, 50, 60, 60, 50, 70, 60);

    assertThat(RingViews.outsideMainRing(successors)).containsExactly(50, 60, 70);
  }

  @Test
  void twoRingsOfTwoKeepTheOneWithTheLowestIdAsTheMainRing() {
    assertThat(RingViews.outsideMainRing(Map.of(6, 11, 11, 6, 19, 51, 51, 19))).containsExactly(19, 51);
  }

  @Test
  void aWalkThatLeavesTheKnownMembersCannotBeJudgedAndCountsAsIn() {
    // 6's successor is 30, whose own successor is not known (a node of the reference system).
    assertThat(RingViews.outsideMainRing(Map.of(19, 51, 51, 19, 6, 30))).isEmpty();
  }
}
