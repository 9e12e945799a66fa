package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dhtfl.client.watch.Rings.node;

import java.util.List;
import java.util.Map;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class RingCrawlTest {

  private static List<Integer> ids(RingCrawl.Result result) {
    return result.members().stream().map(m -> m.state().self().id()).toList();
  }

  @Test
  void fromOneMemberTheCrawlReadsEveryNodeOnce() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);

    RingCrawl.Result result = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of()), 100);

    assertThat(ids(result)).containsExactlyInAnyOrder(6, 19, 51);
    assertThat(result.silent()).isEmpty();
  }

  @Test
  void aNodeStillPointedToThatDoesNotAnswerIsSilent() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);
    ring.remove(51);

    RingCrawl.Result result = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of()), 100);

    assertThat(ids(result)).containsExactlyInAnyOrder(6, 19);
    assertThat(result.silent()).containsExactly(node(51));
  }

  @Test
  void anotherNodeAnsweringAtTheAddressMeansTheOneAskedForIsGone() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19);
    NodeRef old = new NodeRef(40, "127.0.0.1", 5006);

    Map<Integer, RingState> answering = Map.of(40, ring.get(6), 6, ring.get(6), 19, ring.get(19));

    RingCrawl.Result result = RingCrawl.crawl(List.of(old), Rings.reader(answering, Map.of()), 100);

    assertThat(result.silent()).containsExactly(old);
    assertThat(ids(result)).containsExactly(6, 19);
  }

  @Test
  void theCrawlStopsAtItsLimit() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);

    RingCrawl.Result result = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of()), 2);

    assertThat(result.members()).hasSize(2);
  }
}
