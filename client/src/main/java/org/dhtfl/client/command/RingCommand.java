package org.dhtfl.client.command;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.client.ring.Entry;
import org.dhtfl.client.ring.RingWalk;
import org.dhtfl.client.watch.RingWatcher;
import org.dhtfl.client.watch.WatchServer;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.PhysicalNodes;
import org.dhtfl.ring.RingPrinter;
import org.dhtfl.ring.RingState;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** client ring: walks the ring and prints (and draws) what every member knows. */
@Command(name = "ring", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Walks the ring along successor pointers from a member and prints each member's ID, "
        + "address, predecessor, successor list and finger table; with --svg, draws the ring; with --json, "
        + "prints instead the JSON the live page draws (client watch): every node reached through the "
        + "nodes' pointers, with the jobs it holds, and the nodes that do not answer.")
public final class RingCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<supernode_ip>", description = "Host of the supernode.")
  String supernodeHost;

  @Parameters(index = "1", paramLabel = "<supernode_port>", description = "Port of the supernode.",
      converter = Cli.Port.class)
  int supernodePort;

  @Option(names = "--entry", paramLabel = "HOST:PORT", description = "Start the walk at this node.")
  String entry;

  @Option(names = "--svg", paramLabel = "FILE", description = "Also draw the ring into this SVG file.")
  Path svg;

  @Option(names = "--json", description = "Print the ring as the live page's JSON (reports/design.md).")
  boolean json;

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Override
  public Integer call() {
    try {
      RpcSettings rpc = RpcSettings.DEFAULTS.withTls(tls.load());
      if (json) {
        if (svg != null) {
          System.err.println("error: --json and --svg cannot be given together");
          return 2;
        }
        return printJson(rpc);
      }
      NodeRef start;
      try {
        start = Entry.find(supernodeHost, supernodePort, Optional.ofNullable(entry), rpc);
      } catch (IllegalArgumentException e) {
        System.err.println("error: " + e.getMessage());
        return Cli.FAILED;
      }
      List<RingState> ring = RingWalk.walk(start, rpc);
      System.out.printf("Ring of %d members (m = %d), walked from node %s%n", ring.size(), ring.get(0).bits(), start);
      if (PhysicalNodes.anyVirtual(ring)) {
        List<PhysicalNodes.Node> nodes = PhysicalNodes.of(ring);
        System.out.printf("%d physical nodes hold them:%n", nodes.size());
        RingWalk.printNodes(System.out, nodes);
      }
      for (int i = 0; i < ring.size(); i++) {
        RingState state = ring.get(i);
        System.out.println(RingPrinter.describe(state));
        RingState next = ring.get((i + 1) % ring.size());
        if (next.predecessor().map(p -> !p.sameAs(state.self())).orElse(true)) {
          System.out.printf("  note: the next member, %d, has predecessor %s%n", next.self().id(),
              next.predecessor().map(NodeRef::toString).orElse("unknown"));
        }
      }
      if (svg != null) {
        Files.writeString(svg, RingSvg.render(ring), StandardCharsets.UTF_8);
        System.out.println("Drew the ring into " + svg);
      }
      return 0;
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (RemoteException | IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
  }

  /** One reading of the ring, as the page gets it. */
  private int printJson(RpcSettings rpc) throws RemoteException {
    Optional<NodeRef> start = entry == null ? Optional.empty()
        : Optional.of(Entry.find(supernodeHost, supernodePort, Optional.of(entry), rpc));
    System.out.println(WatchServer.text(RingWatcher.overThrift(supernodeHost, supernodePort, start, rpc).poll()));
    return 0;
  }
}
