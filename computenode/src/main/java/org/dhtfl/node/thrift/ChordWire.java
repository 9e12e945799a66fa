package org.dhtfl.node.thrift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.RouteStep;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.Convert;

/** Between the Chord core's values that only nodes exchange and their Thrift structs; incoming ones are validated. */
public final class ChordWire {

  private ChordWire() {
  }

  public static org.dhtfl.thrift.RouteStep toThrift(RouteStep step) {
    return new org.dhtfl.thrift.RouteStep(Convert.toThrift(step.self()), Convert.toThrift(step.successors()),
        Convert.toThrift(step.preceding()));
  }

  public static RouteStep fromThrift(org.dhtfl.thrift.RouteStep step) {
    return new RouteStep(Convert.fromThrift(step.getNode()), Convert.fromThrift(step.getSuccessors()),
        Convert.fromThrift(step.getPreceding()));
  }

  public static org.dhtfl.thrift.Neighbours toThrift(Neighbours n) {
    org.dhtfl.thrift.Neighbours out = new org.dhtfl.thrift.Neighbours(Convert.toThrift(n.self()),
        Convert.toThrift(n.successors()));
    n.predecessor().ifPresent(p -> out.setPredecessor(Convert.toThrift(p)));
    return out;
  }

  public static Neighbours fromThrift(org.dhtfl.thrift.Neighbours n) {
    Optional<NodeRef> predecessor = n.isSetPredecessor() ? Optional.of(Convert.fromThrift(n.getPredecessor()))
        : Optional.empty();
    return new Neighbours(Convert.fromThrift(n.getNode()), predecessor, Convert.fromThrift(n.getSuccessors()));
  }

  public static org.dhtfl.thrift.Lookup toThrift(Lookup lookup) {
    return new org.dhtfl.thrift.Lookup(Convert.toThrift(lookup.owner()), new ArrayList<>(lookup.path()));
  }

  /** A remote lookup's answer; the remote's own hop count is not on the wire, so it counts as one. */
  public static Lookup fromThrift(int key, NodeRef asked, org.dhtfl.thrift.Lookup lookup) {
    List<Integer> path = lookup.getPath() == null ? List.of() : lookup.getPath();
    return new Lookup(key, Convert.fromThrift(lookup.getOwner()), asked, path, 1);
  }
}
