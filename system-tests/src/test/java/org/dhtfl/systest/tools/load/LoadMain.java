package org.dhtfl.systest.tools.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransport;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Model;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Many clients at once: each submits files with put_data through a random node, polls get_model
 * until the file is trained, and looks keys up, for a fixed time. Prints, per method, the
 * requests, the errors and the latency percentiles.
 */
@Command(name = "load", mixinStandardHelpOptions = true,
    description = "Concurrent clients against running compute nodes (see scripts/load.sh).")
public final class LoadMain implements Callable<Integer> {

  @Option(names = "--nodes", required = true, split = ",", description = "host:port of the nodes, comma separated")
  List<String> nodes;

  @Option(names = "--data-dir", required = true, description = "The files the nodes have.")
  Path dataDir;

  @Option(names = "--clients", description = "Concurrent clients (default ${DEFAULT-VALUE}).")
  int clients = 20;

  @Option(names = "--seconds", description = "How long (default ${DEFAULT-VALUE}).")
  int seconds = 60;

  @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  /** Latencies in microseconds and errors, per method. */
  private final Map<String, List<Long>> latencies = new ConcurrentHashMap<>();
  private final Map<String, Integer> errors = new ConcurrentHashMap<>();
  private final Map<String, String> firstError = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadMain()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    List<String> files;
    try (Stream<Path> list = Files.list(dataDir)) {
      files = list.filter(Files::isRegularFile).map(p -> p.getFileName().toString()).sorted().toList();
    }
    if (files.isEmpty()) {
      throw new IOException("no files in " + dataDir);
    }
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(clients);
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    for (int c = 0; c < clients; c++) {
      Random random = new Random(seed * 1_000 + c);
      Thread thread = new Thread(() -> {
        try {
          while (!stop.get() && System.nanoTime() < deadline) {
            oneJob(random, files, deadline);
          }
        } finally {
          done.countDown();
        }
      }, "load-client-" + c);
      thread.setDaemon(true);
      thread.start();
    }
    done.await();
    return report();
  }

  /** Put a random file through a random node, poll it until done, look its key up. */
  private void oneJob(Random random, List<String> files, long deadline) {
    String file = files.get(random.nextInt(files.size()));
    String node = nodes.get(random.nextInt(nodes.size()));
    int colon = node.lastIndexOf(':');
    String host = node.substring(0, colon);
    int port = Integer.parseInt(node.substring(colon + 1));
    try (TTransport transport = Rpc.open(host, port, RpcSettings.DEFAULTS)) {
      ComputeNode.Client client = new ComputeNode.Client(Rpc.protocol(transport, RpcSettings.DEFAULTS));
      timed("put_data", () -> {
        client.put_data(file);
        return null;
      });
      while (System.nanoTime() < deadline) {
        Model model = timed("get_model", () -> client.get_model(file));
        if (model == null || "done".equals(model.getStatus())) {
          break;
        }
        if (!"wait".equals(model.getStatus())) {
          error("get_model", file + ": " + model.getStatus() + " " + model.getReason());
          break;
        }
        Thread.sleep(20);
      }
      int key = random.nextInt(64);
      timed("lookup", () -> client.lookup(key));
      timed("get_ring_state", client::get_ring_state);
    } catch (TException e) {
      error("connect", e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @FunctionalInterface
  private interface Call<R> {
    R run() throws TException;
  }

  private <R> R timed(String method, Call<R> call) {
    long started = System.nanoTime();
    try {
      R result = call.run();
      latencies.computeIfAbsent(method, m -> Collections.synchronizedList(new ArrayList<>()))
          .add((System.nanoTime() - started) / 1_000);
      return result;
    } catch (TException e) {
      error(method, e.toString());
      return null;
    }
  }

  private void error(String method, String what) {
    errors.merge(method, 1, Integer::sum);
    firstError.putIfAbsent(method, what);
  }

  private int report() {
    System.out.printf("clients: %d%nseconds: %d%n", clients, seconds);
    System.out.printf("| method | requests | errors | p50 ms | p99 ms | max ms |%n|---|---|---|---|---|---|%n");
    long requests = 0;
    int totalErrors = 0;
    for (String method : List.of("put_data", "get_model", "lookup", "get_ring_state", "connect")) {
      List<Long> all = new ArrayList<>(latencies.getOrDefault(method, List.of()));
      Collections.sort(all);
      int err = errors.getOrDefault(method, 0);
      requests += all.size() + err;
      totalErrors += err;
      if (all.isEmpty() && err == 0) {
        continue;
      }
      System.out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f |%n", method, all.size() + err, err,
          percentile(all, 0.50), percentile(all, 0.99), all.isEmpty() ? 0 : all.get(all.size() - 1) / 1000.0);
    }
    firstError.forEach((m, e) -> System.out.println("first error of " + m + ": " + e));
    System.out.printf("requests: %d%nerrors: %d%n", requests, totalErrors);
    return totalErrors == 0 ? 0 : 1;
  }

  private static double percentile(List<Long> sorted, double p) {
    if (sorted.isEmpty()) {
      return 0;
    }
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
  }
}
