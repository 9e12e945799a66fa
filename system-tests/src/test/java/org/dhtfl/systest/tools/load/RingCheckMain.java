package org.dhtfl.systest.tools.load;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.IdealRing;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.Convert;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Asks every given node for its ring state until each successor list, predecessor and finger
 * table is the one the sorted IDs of the nodes call for, or the time is up.
 */
@Command(name = "ring-check", mixinStandardHelpOptions = true,
    description = "Checks that running nodes form the ideal ring of their IDs.")
public final class RingCheckMain implements Callable<Integer> {

  @Option(names = "--nodes", required = true, split = ",", description = "host:port of every member")
  List<String> nodes;

  @Option(names = "--successors", description = "Successor list length of the nodes (default ${DEFAULT-VALUE}).")
  int successors = 8;

  @Option(names = "--within-s", description = "Deadline (default ${DEFAULT-VALUE}).")
  int withinS = 30;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RingCheckMain()).execute(args));
  }

  @Override
  public Integer call() throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + withinS * 1_000_000_000L;
    String problem = "no answer yet";
    while (System.nanoTime() < deadline) {
      problem = check();
      if (problem == null) {
        System.out.printf("ring_correct: true%nmembers: %d%nseconds_to_correct: %.1f%n", nodes.size(),
            (System.nanoTime() - started) / 1e9);
        return 0;
      }
      Thread.sleep(200);
    }
    System.out.printf("ring_correct: false%nproblem: %s%n", problem);
    return 1;
  }

  private String check() {
    try {
      List<RingState> states = new java.util.ArrayList<>();
      for (String node : nodes) {
        int colon = node.lastIndexOf(':');
        org.dhtfl.thrift.RingState state = Rpc.computeNode(node.substring(0, colon),
            Integer.parseInt(node.substring(colon + 1)), RpcSettings.DEFAULTS, c -> c.get_ring_state());
        states.add(Convert.fromThrift(state));
      }
      IdealRing ideal = new IdealRing(new IdSpace(states.get(0).bits()),
          states.stream().map(RingState::self).map(NodeRef::id).toList());
      for (RingState state : states) {
        Optional<String> difference = ideal.firstDifference(state, successors);
        if (difference.isPresent()) {
          return difference.get();
        }
      }
      return null;
    } catch (RemoteException | RuntimeException e) {
      return e.toString();
    }
  }
}
