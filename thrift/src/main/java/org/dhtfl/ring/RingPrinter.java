package org.dhtfl.ring;

import java.util.stream.Collectors;

/** The text a node prints about its place in the ring: predecessor, successors, finger table. */
public final class RingPrinter {

  private RingPrinter() {
  }

  public static String describe(RingState state) {
    IdSpace space = new IdSpace(state.bits());
    StringBuilder out = new StringBuilder();
    out.append("node ").append(state.self().id()).append(" at ").append(state.self().address()).append('\n');
    out.append("  predecessor: ").append(state.predecessor().map(RingPrinter::name).orElse("unknown")).append('\n');
    out.append("  successor:   ").append(name(state.successor())).append('\n');
    out.append("  successor list: ").append(state.successors().isEmpty() ? "(alone)"
        : state.successors().stream().map(n -> String.valueOf(n.id())).collect(Collectors.joining(", "))).append('\n');
    out.append("  finger  start  node\n");
    for (int i = 0; i < state.fingers().size(); i++) {
      out.append(String.format("  %6d %6d %5d%n", i, space.plusPowerOfTwo(state.self().id(), i),
          state.fingers().get(i).id()));
    }
    return out.toString().stripTrailing();
  }

  private static String name(NodeRef node) {
    return node.id() + " (" + node.address() + ")";
  }
}
