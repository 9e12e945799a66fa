package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dhtfl.client.watch.Rings.node;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.RemoteException;
import org.junit.jupiter.api.Test;

class RingWatcherTest {

  private static final Instant START = Instant.parse("2026-11-29T12:00:00Z");

  /** A supernode that lists the given members, or does not answer when there are none. */
  private static RingWatcher.SupernodeView supernode(List<NodeRef> members) {
    return new RingWatcher.SupernodeView() {
      @Override
      public List<NodeRef> members() throws RemoteException {
        if (members.isEmpty()) {
          throw new RemoteException(RemoteException.Kind.UNREACHABLE, "supernode down");
        }
        return members;
      }

      @Override
      public int bits() {
        return 6;
      }
    };
  }

  @Test
  void aNodeThatStopsAnsweringIsShownWithTheTimeItLastAnswered() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);
    List<NodeRef> listed = new ArrayList<>(List.of(node(6), node(19), node(51)));
    Clock clock = Clock.fixed(START, ZoneOffset.UTC);
    RingWatcher watcher = new RingWatcher("127.0.0.1", 9091, supernode(listed), Optional.empty(),
        Rings.reader(ring, Map.of()), clock);

    RingView before = watcher.poll();
    ring.remove(51);
    RingView after = watcher.poll();

    assertThat(before.members()).hasSize(3);
    assertThat(before.supernode().answering()).isTrue();
    assertThat(after.members()).extracting(RingView.Member::id).containsExactly(6, 19);
    assertThat(after.unreachable()).singleElement().satisfies(s -> {
      assertThat(s.id()).isEqualTo(51);
      assertThat(s.lastSeen()).isEqualTo(START.toString());
      assertThat(s.listedBySupernode()).isTrue();
    });
  }

  @Test
  void withTheSupernodeDownTheWatcherGoesOnFromTheNodesThatAnsweredLastTime() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);
    List<NodeRef> listed = new ArrayList<>(List.of(node(19)));
    RingWatcher watcher = new RingWatcher("127.0.0.1", 9091, supernode(listed), Optional.empty(),
        Rings.reader(ring, Map.of()), Clock.fixed(START, ZoneOffset.UTC));
    watcher.poll();

    listed.clear();
    RingView view = watcher.poll();

    assertThat(view.supernode().answering()).isFalse();
    assertThat(view.members()).hasSize(3);
  }

  @Test
  void aNodeNamingThousandsOfAddressesCostsAPollAFewReadsNotThousands() {
    Map<Integer, RingState> ring = Rings.ideal(6, 19, 51);
    // Node 19 names 4,000 addresses nobody serves as its successors.
    List<NodeRef> invented = new ArrayList<>();
    for (int i = 0; i < 4_000; i++) {
      invented.add(new NodeRef(i % 64, "127.0.0.1", 20_000 + i));
    }
    RingState honest = ring.get(19);
    ring.put(19, new RingState(honest.self(), honest.predecessor(), invented, honest.fingers(), honest.bits()));
    List<NodeRef> asked = new ArrayList<>();
    RingCrawl.Reader reader = Rings.reader(ring, Map.of());
    RingWatcher watcher = new RingWatcher("127.0.0.1", 9091, supernode(List.of(node(6), node(19), node(51))),
        Optional.empty(), node -> {
          asked.add(node);
          return reader.read(node);
        }, Clock.fixed(START, ZoneOffset.UTC));

    RingView view = watcher.poll();

    assertThat(view.members()).extracting(RingView.Member::id).containsExactlyInAnyOrder(6, 19, 51);
    // The three members, then at most as many silent addresses as the ring has members, and the spare.
    assertThat(asked).hasSizeLessThanOrEqualTo(3 + 3 + RingWatcher.SPARE_SILENT);
  }
}
