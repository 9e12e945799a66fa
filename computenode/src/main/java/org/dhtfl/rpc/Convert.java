package org.dhtfl.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.chord.Lookup;
import org.dhtfl.chord.Neighbours;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.RingState;
import org.dhtfl.chord.RouteStep;

/** Between the protocol's values and the Thrift structs. Incoming values are validated. */
public final class Convert {

  private Convert() {
  }

  public static org.dhtfl.thrift.NodeRef toThrift(NodeRef ref) {
    return new org.dhtfl.thrift.NodeRef(ref.id(), ref.host(), ref.port());
  }

  /** Fails with IllegalArgumentException naming the bad field. */
  public static NodeRef fromThrift(org.dhtfl.thrift.NodeRef ref) {
    if (ref == null || ref.getHost() == null) {
      throw new IllegalArgumentException("node reference without a host");
    }
    return new NodeRef(ref.getId(), ref.getHost(), ref.getPort());
  }

  public static List<org.dhtfl.thrift.NodeRef> toThrift(List<NodeRef> refs) {
    List<org.dhtfl.thrift.NodeRef> out = new ArrayList<>(refs.size());
    refs.forEach(r -> out.add(toThrift(r)));
    return out;
  }

  public static List<NodeRef> fromThrift(List<org.dhtfl.thrift.NodeRef> refs) {
    List<NodeRef> out = new ArrayList<>(refs == null ? 0 : refs.size());
    if (refs != null) {
      refs.forEach(r -> out.add(fromThrift(r)));
    }
    return out;
  }

  public static org.dhtfl.thrift.RouteStep toThrift(RouteStep step) {
    return new org.dhtfl.thrift.RouteStep(toThrift(step.self()), toThrift(step.successors()), toThrift(step.preceding()));
  }

  public static RouteStep fromThrift(org.dhtfl.thrift.RouteStep step) {
    return new RouteStep(fromThrift(step.getSelf()), fromThrift(step.getSuccessors()), fromThrift(step.getPreceding()));
  }

  public static org.dhtfl.thrift.Neighbours toThrift(Neighbours n) {
    org.dhtfl.thrift.Neighbours out = new org.dhtfl.thrift.Neighbours(toThrift(n.self()), toThrift(n.successors()));
    n.predecessor().ifPresent(p -> out.setPredecessor(toThrift(p)));
    return out;
  }

  public static Neighbours fromThrift(org.dhtfl.thrift.Neighbours n) {
    Optional<NodeRef> predecessor = n.isSetPredecessor() ? Optional.of(fromThrift(n.getPredecessor())) : Optional.empty();
    return new Neighbours(fromThrift(n.getSelf()), predecessor, fromThrift(n.getSuccessors()));
  }

  public static org.dhtfl.thrift.Lookup toThrift(Lookup lookup) {
    return new org.dhtfl.thrift.Lookup(toThrift(lookup.owner()), new ArrayList<>(lookup.path()));
  }

  /** A remote lookup's answer; the remote's own hop count is not on the wire, so it counts as one. */
  public static Lookup fromThrift(int key, NodeRef asked, org.dhtfl.thrift.Lookup lookup) {
    List<Integer> path = lookup.getPath() == null ? List.of() : lookup.getPath();
    return new Lookup(key, fromThrift(lookup.getOwner()), asked, path, 1);
  }

  public static org.dhtfl.thrift.RingState toThrift(RingState state) {
    org.dhtfl.thrift.RingState out = new org.dhtfl.thrift.RingState(toThrift(state.self()),
        toThrift(state.successors()), toThrift(state.fingers()), state.bits());
    state.predecessor().ifPresent(p -> out.setPredecessor(toThrift(p)));
    return out;
  }

  public static RingState fromThrift(org.dhtfl.thrift.RingState state) {
    Optional<NodeRef> predecessor = state.isSetPredecessor() ? Optional.of(fromThrift(state.getPredecessor()))
        : Optional.empty();
    return new RingState(fromThrift(state.getSelf()), predecessor, fromThrift(state.getSuccessors()),
        fromThrift(state.getFingers()), state.getBits());
  }
}
