package org.dhtfl.client.command;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.TlsOptions;
import org.dhtfl.cli.Version;
import org.dhtfl.client.ring.Entry;
import org.dhtfl.client.watch.RingWatcher;
import org.dhtfl.client.watch.RunWatch;
import org.dhtfl.client.watch.WatchServer;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** client watch: serves the live page of the ring until stopped. */
@Command(name = "watch", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Serves a live page of the ring on http://127.0.0.1:PORT/: the members on the circle of 2^m "
        + "identifiers, the chosen node's fingers and successors, the keys of the files each node holds and "
        + "the jobs it trains, and the nodes that stopped answering; read again about every second. "
        + "Ctrl-C ends it.")
public final class WatchCommand implements Callable<Integer> {

  @Parameters(index = "0", paramLabel = "<supernode_ip>", description = "Host of the supernode.")
  String supernodeHost;

  @Parameters(index = "1", paramLabel = "<supernode_port>", description = "Port of the supernode.",
      converter = Cli.Port.class)
  int supernodePort;

  @Option(names = "--http", paramLabel = "PORT", required = true, converter = Cli.Port.class,
      description = "Port of the page.")
  int http;

  @Option(names = "--http-bind", paramLabel = "ADDR", converter = Cli.Address.class,
      description = "Address the page listens on (default: 127.0.0.1; 0.0.0.0 for every interface).")
  InetAddress bind = InetAddress.getLoopbackAddress();

  @Option(names = "--entry", paramLabel = "HOST:PORT",
      description = "Also read the ring from this node (default: the supernode's members).")
  String entry;

  @Option(names = "--interval-ms", paramLabel = "MS", description = "Read the ring every MS (default: ${DEFAULT-VALUE}).")
  long intervalMs = RunWatch.INTERVAL.toMillis();

  @Mixin
  TlsOptions tls = new TlsOptions();

  @Override
  public Integer call() throws InterruptedException {
    if (intervalMs < 100) {
      System.err.println("error: --interval-ms " + intervalMs + " must be at least 100");
      return 2;
    }
    RpcSettings rpc;
    Optional<NodeRef> start = Optional.empty();
    try {
      rpc = RunWatch.forWatching(RpcSettings.DEFAULTS.withTls(tls.load()));
      if (entry != null) {
        start = Optional.of(Entry.find(supernodeHost, supernodePort, Optional.of(entry), rpc));
      }
    } catch (IllegalArgumentException e) {
      System.err.println("error: " + e.getMessage());
      return 2;
    } catch (IOException | RemoteException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
    RingWatcher watcher = RingWatcher.overThrift(supernodeHost, supernodePort, start, rpc);
    try (WatchServer page = WatchServer.start(bind, http, watcher::poll, Duration.ofMillis(intervalMs),
        Optional.empty())) {
      System.out.println("Watching the ring of supernode " + supernodeHost + ":" + supernodePort + " at "
          + page.url() + " (Ctrl-C ends)");
      System.out.flush();
      new CountDownLatch(1).await();
      return 0;
    } catch (IOException e) {
      System.err.println("error: " + e.getMessage());
      return Cli.FAILED;
    }
  }
}
