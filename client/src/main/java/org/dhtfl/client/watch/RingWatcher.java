package org.dhtfl.client.watch;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/**
 * Reads the ring again and again for the live page: each {@link #poll()} asks the supernode for
 * its members (when it answers), crawls from the nodes that answered last time, the entry node
 * and the supernode's members, and remembers when it last read each node, so that a node that
 * stops answering is shown with the time it was last seen.
 */
public final class RingWatcher {

  /** Nodes read at most in one poll, however large the ring. */
  static final int MAX_NODES = 4_096;

  /** Reads beyond twice the ring's known size, for nodes the supernode does not list yet. */
  static final int SPARE_READS = 16;

  /** Addresses that do not answer, beyond the ring's known size, after which a poll stops. */
  static final int SPARE_SILENT = 8;

  /** The supernode's answers, replaced in tests. */
  interface SupernodeView {
    /** Its confirmed members. */
    List<NodeRef> members() throws RemoteException;

    /** m. */
    int bits() throws RemoteException;
  }

  private final RingView.Supernode supernodeAddress;
  private final SupernodeView supernode;
  private final Optional<NodeRef> entry;
  private final RingCrawl.Reader reader;
  private final Clock clock;

  // Only the polling thread touches these.
  private final Map<String, Instant> lastSeen = new HashMap<>();
  private List<NodeRef> answeredLastTime = List.of();
  private Optional<Integer> bits = Optional.empty();

  RingWatcher(String supernodeHost, int supernodePort, SupernodeView supernode, Optional<NodeRef> entry,
      RingCrawl.Reader reader, Clock clock) {
    this.supernodeAddress = new RingView.Supernode(supernodeHost, supernodePort, false);
    this.supernode = supernode;
    this.entry = entry;
    this.reader = reader;
    this.clock = clock;
  }

  /** A watcher that reads the ring and the supernode over Thrift. */
  public static RingWatcher overThrift(String supernodeHost, int supernodePort, Optional<NodeRef> entry,
      RpcSettings settings) {
    SupernodeView view = new SupernodeView() {
      @Override
      public List<NodeRef> members() throws RemoteException {
        return Rpc.supernode(supernodeHost, supernodePort, settings, c -> Convert.fromThrift(c.get_members()));
      }

      @Override
      public int bits() throws RemoteException {
        return Rpc.supernode(supernodeHost, supernodePort, settings, c -> c.get_bits());
      }
    };
    return new RingWatcher(supernodeHost, supernodePort, view, entry, RingCrawl.thrift(settings), Clock.systemUTC());
  }

  /** Reads the ring once. */
  public RingView poll() {
    List<NodeRef> listed = List.of();
    boolean answering;
    try {
      listed = supernode.members();
      if (bits.isEmpty()) {
        bits = Optional.of(supernode.bits());
      }
      answering = true;
    } catch (RemoteException e) {
      answering = false;
    }
    List<NodeRef> starts = new ArrayList<>(answeredLastTime);
    entry.ifPresent(starts::add);
    starts.addAll(listed);
    // A poll reads about as many nodes as the ring is known to hold: a node that names thousands of
    // addresses in its fingers and successors costs the watcher a few reads, not thousands.
    int known = Math.max(listed.size(), answeredLastTime.size());
    RingCrawl.Result crawl = RingCrawl.crawl(starts, reader, Math.min(MAX_NODES, 2 * known + SPARE_READS),
        known + SPARE_SILENT);
    Instant now = clock.instant();
    List<NodeRef> answered = crawl.members().stream().map(m -> m.state().self()).toList();
    answered.forEach(n -> lastSeen.put(n.toString(), now));
    answeredLastTime = answered;
    RingView.Supernode asked = new RingView.Supernode(supernodeAddress.host(), supernodeAddress.port(), answering);
    return RingViews.of(crawl, asked, listed, bits, lastSeen, now);
  }
}
