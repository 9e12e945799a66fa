package org.dhtfl.client.watch;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.PhysicalNodes;
import org.dhtfl.ring.RingState;

/** Makes the {@link RingView} of a crawl: what the page draws and {@code client ring --json} prints. */
final class RingViews {

  private RingViews() {
  }

  /**
   * @param supernode the supernode asked, and whether it answered
   * @param listed the members the supernode listed (none when it did not answer)
   * @param bits m, when no member answered (the supernode's); empty when nobody said
   * @param lastSeen when this watcher last read each node (by {@link NodeRef#toString()})
   */
  static RingView of(RingCrawl.Result crawl, RingView.Supernode supernode, List<NodeRef> listed, Optional<Integer> bits,
      Map<String, Instant> lastSeen, Instant now) {
    List<RingCrawl.Member> answered = new ArrayList<>(crawl.members());
    answered.sort(Comparator.comparingInt(m -> m.state().self().id()));
    int m = answered.isEmpty() ? bits.orElse(0) : answered.get(0).state().bits();
    List<RingView.Member> members = new ArrayList<>();
    for (RingCrawl.Member member : answered) {
      members.add(member(member, m == 0 ? null : new IdSpace(m)));
    }
    List<RingView.Silent> silent = new ArrayList<>();
    for (NodeRef node : crawl.silent()) {
      if (answered.stream().anyMatch(a -> a.state().self().sameAs(node))) {
        continue;
      }
      List<Integer> referencedBy = answered.stream().map(RingCrawl.Member::state)
          .filter(s -> pointsTo(s, node)).map(s -> s.self().id()).toList();
      boolean isListed = listed.stream().anyMatch(l -> l.sameAs(node));
      Instant seen = lastSeen.get(node.toString());
      silent.add(new RingView.Silent(node.id(), node.host(), node.port(), referencedBy, isListed,
          seen == null ? null : seen.toString()));
    }
    silent.sort(Comparator.comparingInt(RingView.Silent::id));
    List<RingState> states = answered.stream().map(RingCrawl.Member::state).toList();
    return new RingView(m, now.toString(), supernode, members, silent,
        PhysicalNodes.anyVirtual(states) ? nodes(states) : null);
  }

  private static List<RingView.Node> nodes(List<RingState> states) {
    return PhysicalNodes.of(states).stream().map(n -> new RingView.Node(n.first().host(), n.first().port(),
        n.positions().stream().map(NodeRef::id).toList())).toList();
  }

  private static RingView.Member member(RingCrawl.Member member, IdSpace space) {
    RingState state = member.state();
    List<RingView.Finger> fingers = new ArrayList<>();
    for (int i = 0; i < state.fingers().size(); i++) {
      int start = space == null ? 0 : space.plusPowerOfTwo(state.self().id(), i);
      fingers.add(new RingView.Finger(i, start, state.fingers().get(i).id()));
    }
    List<RingView.File> files = new ArrayList<>();
    for (HeldJob held : member.held()) {
      files.add(new RingView.File(held.key().filename(), space == null ? 0 : space.keyOf(held.key().filename()),
          held.key().runId(), held.key().round(), held.state().wireName(),
          held.trainedBy().isPresent() ? held.trainedBy().getAsInt() : null));
    }
    NodeRef self = state.self();
    return new RingView.Member(self.id(), self.host(), self.port(), state.predecessor().map(NodeRef::id).orElse(null),
        state.successors().stream().map(NodeRef::id).toList(), fingers, files);
  }

  private static boolean pointsTo(RingState state, NodeRef node) {
    return state.predecessor().map(p -> p.sameAs(node)).orElse(false)
        || state.successors().stream().anyMatch(s -> s.sameAs(node))
        || state.fingers().stream().anyMatch(f -> f.sameAs(node));
  }
}
