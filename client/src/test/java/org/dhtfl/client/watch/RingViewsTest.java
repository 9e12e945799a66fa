package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dhtfl.client.watch.Rings.node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.ring.RingState;
import org.junit.jupiter.api.Test;

class RingViewsTest {

  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final RingView.Supernode SUPERNODE = new RingView.Supernode("127.0.0.1", 9091, true);

  @Test
  void membersComeByIdWithTheirPointersFingerStartsAndFileKeys() {
    Map<Integer, RingState> ring = Rings.ideal(19, 51, 6);
    HeldJob held = new HeldJob(JobKey.reference("zx0uRKUQj5"), HeldJob.State.DONE, OptionalInt.of(6));
    RingCrawl.Result crawl = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of(6, List.of(held))), 10);

    RingView view = RingViews.of(crawl, SUPERNODE, List.of(node(6), node(19), node(51)), Optional.of(6), Map.of(), NOW);

    assertThat(view.bits()).isEqualTo(6);
    assertThat(view.time()).isEqualTo("2026-11-29T12:00:00Z");
    assertThat(view.members()).extracting(RingView.Member::id).containsExactly(6, 19, 51);
    RingView.Member n19 = view.members().get(1);
    assertThat(n19.predecessor()).isEqualTo(6);
    assertThat(n19.successors()).containsExactly(51, 6);
    assertThat(n19.fingers()).extracting(RingView.Finger::start).containsExactly(20, 21, 23, 27, 35, 51);
    assertThat(n19.fingers()).extracting(RingView.Finger::node).containsExactly(51, 51, 51, 51, 51, 51);
    assertThat(view.members().get(0).files())
        .containsExactly(new RingView.File("zx0uRKUQj5", 58, "put_data", 1, "done", 6));
    assertThat(view.unreachable()).isEmpty();
  }

  @Test
  void aSilentNodeNamesWhoPointsToItWhetherTheSupernodeListsItAndWhenItLastAnswered() {
    Map<Integer, RingState> ring = Rings.ideal(19, 51, 6);
    ring.remove(51);
    RingCrawl.Result crawl = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of()), 10);
    Instant seen = NOW.minusSeconds(3);

    RingView view = RingViews.of(crawl, SUPERNODE, List.of(node(51)), Optional.of(6),
        Map.of(node(51).toString(), seen), NOW);

    assertThat(view.members()).extracting(RingView.Member::id).containsExactly(6, 19);
    assertThat(view.unreachable()).containsExactly(
        new RingView.Silent(51, "127.0.0.1", 5051, List.of(6, 19), true, seen.toString()));
  }

  @Test
  void membersOfOneProcessShowAsOnePhysicalNodeWithItsPositions() {
    Map<Integer, RingState> ring = Rings.ideal(19, 51, 6, 27);
    List<org.dhtfl.ring.NodeRef> process = List.of(node(19), node(6));
    ring.put(19, ring.get(19).withPositions(process));
    ring.put(6, ring.get(6).withPositions(process));
    RingCrawl.Result crawl = RingCrawl.crawl(List.of(node(19)), Rings.reader(ring, Map.of()), 10);

    RingView view = RingViews.of(crawl, SUPERNODE, List.of(), Optional.of(6), Map.of(), NOW);
    RingView single = RingViews.of(RingCrawl.crawl(List.of(node(19)), Rings.reader(Rings.ideal(19, 51), Map.of()), 10),
        SUPERNODE, List.of(), Optional.of(6), Map.of(), NOW);

    assertThat(view.nodes()).containsExactly(new RingView.Node("127.0.0.1", 5019, List.of(19, 6)),
        new RingView.Node("127.0.0.1", 5027, List.of(27)), new RingView.Node("127.0.0.1", 5051, List.of(51)));
    assertThat(single.nodes()).isNull();
  }

  @Test
  void withNoMemberAnsweringTheSupernodesBitsAreTheRings() {
    RingCrawl.Result crawl = new RingCrawl.Result(List.of(), List.of(node(19)));

    RingView view = RingViews.of(crawl, SUPERNODE, List.of(node(19)), Optional.of(8), Map.of(), NOW);

    assertThat(view.bits()).isEqualTo(8);
    assertThat(view.unreachable()).extracting(RingView.Silent::id).containsExactly(19);
    assertThat(view.unreachable().get(0).lastSeen()).isNull();
  }
}
