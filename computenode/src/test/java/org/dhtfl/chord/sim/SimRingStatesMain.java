package org.dhtfl.chord.sim;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TProtocol;
import org.apache.thrift.transport.TIOStreamTransport;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.rpc.Convert;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The ring states of a simulated ring, for the live page: builds a seeded ring of production Chord
 * nodes by joins, stabilizes it until every pointer is ideal, then crashes some nodes without a
 * round after, so that the others still point to them. Writes every live node's state as a node
 * answers get_ring_state (Thrift's binary protocol: the count, then each RingState), for the
 * client's page test, which cannot use this module's classes.
 */
@Command(name = "sim-ring-states", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Writes the ring states of a simulated ring (stabilized, then some nodes crashed).")
public final class SimRingStatesMain implements Callable<Integer> {

  @Option(names = "--nodes", description = "Nodes (default ${DEFAULT-VALUE}).")
  int nodes = 64;

  @Option(names = "--bits", description = "m (default ${DEFAULT-VALUE}).")
  int bits = 10;

  @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--crash", description = "Nodes that crash after the ring is ideal (default ${DEFAULT-VALUE}).")
  int crash = 3;

  @Option(names = "--out", required = true, description = "The file to write.")
  Path out;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SimRingStatesMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    RingSimulation ring = new RingSimulation(bits, 8, seed);
    for (int i = 0; i < nodes; i++) {
      ring.addNode();
    }
    if (ring.roundsUntilIdeal(200) < 0) {
      System.err.println("the simulated ring did not become ideal: " + ring.firstDifference().orElse(""));
      return 1;
    }
    List<Integer> crashed = ring.crashFraction((double) crash / nodes);
    List<ChordNode> live = ring.liveNodes();
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out))) {
      TProtocol protocol = new TBinaryProtocol(new TIOStreamTransport(file));
      protocol.writeI32(live.size());
      for (ChordNode node : live) {
        Convert.toThrift(node.state()).write(protocol);
      }
    }
    System.out.println("wrote the states of " + live.size() + " nodes (m = " + bits + "); crashed " + crashed);
    return 0;
  }
}
