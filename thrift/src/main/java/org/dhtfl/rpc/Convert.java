package org.dhtfl.rpc;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;

/** Between the ring's values (node references, a member's state) and the Thrift structs; incoming ones are validated. */
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

  public static org.dhtfl.thrift.RingState toThrift(RingState state) {
    org.dhtfl.thrift.RingState out = new org.dhtfl.thrift.RingState(toThrift(state.self()),
        toThrift(state.successors()), toThrift(state.fingers()), state.bits());
    state.predecessor().ifPresent(p -> out.setPredecessor(toThrift(p)));
    if (!state.positions().isEmpty()) {
      out.setPositions(toThrift(state.positions()));
    }
    return out;
  }

  public static RingState fromThrift(org.dhtfl.thrift.RingState state) {
    // A finger per bit of the ring's IDs at most: finger i points at self + 2^i, and i >= m has no meaning.
    if (state.getFingers() != null && state.getFingers().size() > Math.max(0, state.getBits())) {
      throw new IllegalArgumentException("a ring state of m = " + state.getBits() + " names "
          + state.getFingers().size() + " fingers");
    }
    Optional<NodeRef> predecessor = state.isSetPredecessor() ? Optional.of(fromThrift(state.getPredecessor()))
        : Optional.empty();
    return new RingState(fromThrift(state.getNode()), predecessor, fromThrift(state.getSuccessors()),
        fromThrift(state.getFingers()), state.getBits(), fromThrift(state.getPositions()));
  }
}
