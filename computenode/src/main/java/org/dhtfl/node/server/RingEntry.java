package org.dhtfl.node.server;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.JoinException;
import org.dhtfl.node.thrift.SupernodeClient;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an admitted node enters the ring: it creates the ring when it is the first, else joins
 * through the entry the supernode gave or any other member it lists; when none of them answers,
 * the listed ring is gone and the node starts a new one.
 */
final class RingEntry {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private RingEntry() {
  }

  static void enter(ChordNode chord, SupernodeClient.Admission admitted, SupernodeClient supernode, RpcSettings rpc)
      throws JoinException {
    List<NodeRef> entries = new ArrayList<>();
    admitted.entry().ifPresent(entries::add);
    if (admitted.membersBefore() > 0) {
      try {
        supernode.members().stream().filter(n -> !n.sameAs(chord.self()))
            .filter(n -> entries.stream().noneMatch(n::sameAs)).forEach(entries::add);
      } catch (RemoteException e) {
        LOG.warn("could not list the members: {}", e.getMessage());
      }
    }
    if (entries.isEmpty()) {
      LOG.info("first node: creating the ring");
      chord.create();
      return;
    }
    JoinException last = null;
    for (NodeRef entry : entries) {
      try {
        chord.join(entry);
        LOG.info("joined the ring through node {}", entry);
        return;
      } catch (JoinException e) {
        LOG.warn("joining through {} failed: {}", entry, e.getMessage());
        last = e;
      }
    }
    if (entries.stream().noneMatch(n -> Rpc.answersAsItself(n, rpc))) {
      LOG.warn("no member the supernode listed answers; creating a new ring");
      chord.create();
      return;
    }
    throw last;
  }
}
