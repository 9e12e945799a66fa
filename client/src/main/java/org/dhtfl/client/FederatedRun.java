package org.dhtfl.client;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.thrift.TException;
import org.dhtfl.chord.IdSpace;
import org.dhtfl.chord.NodeRef;
import org.dhtfl.chord.RingState;
import org.dhtfl.ml.ClientFailure;
import org.dhtfl.ml.ClientResult;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.FedAvg;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.Weights;
import org.dhtfl.node.JobResult;
import org.dhtfl.node.JobStatus;
import org.dhtfl.rpc.ModelMessages;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/**
 * The reference client's job, done right: submit every file through one entry node with
 * put_data, poll get_model until each is done, average the weight changes weighted by rows, add
 * them to the start weights, validate, and report.
 */
final class FederatedRun {

  /** What the run is given. */
  record Settings(Path dataDir, Path validation, int maxFiles, Duration timeout, RpcSettings rpc) {
  }

  private static final int NOT_FOUND_RESUBMITS = 3;
  private static final long MAX_POLL_MS = 50;

  private final PrintStream out;
  private final Settings settings;
  private final String entryAddress;

  /** @param entryAddress "host:port" of the node to enter through, or null for the supernode's pick */
  FederatedRun(PrintStream out, Settings settings, String entryAddress) {
    this.out = out;
    this.settings = settings;
    this.entryAddress = entryAddress;
  }

  /** Returns 0 when every file was trained and the model validated, else 1. */
  int run(String supernodeHost, int supernodePort) throws IOException, TException, InterruptedException {
    long started = System.nanoTime();
    List<String> files = DataFiles.list(settings.dataDir(), settings.maxFiles());
    NodeRef entry = Entry.find(supernodeHost, supernodePort, entryAddress, settings.rpc());
    List<RingState> ring = RingWalk.walk(entry, settings.rpc());
    IdSpace space = new IdSpace(ring.get(0).bits());
    out.printf("Connected to node %d at %s%n", entry.id(), entry.address());
    RingWalk.print(out, ring);

    Map<String, JobResult> results = new LinkedHashMap<>();
    try (EntryNode node = new EntryNode(RingWalk.members(entry, ring), settings.rpc()); Owners owners = new Owners(node, settings.rpc(),
        space)) {
      for (String file : files) {
        node.call(c -> {
          c.put_data(file);
          return null;
        });
      }
      out.printf("Submitted %d files through node %d%n", files.size(), node.node().id());
      collect(owners, files, results);
    }
    long collectedMs = Duration.ofNanos(System.nanoTime() - started).toMillis();
    return report(files, results, space, collectedMs);
  }

  /** Polls every unfinished file until each is done or failed, or the time is up. */
  private void collect(Owners owners, List<String> files, Map<String, JobResult> results)
      throws TException, InterruptedException {
    Set<String> pending = new LinkedHashSet<>(files);
    Map<String, Integer> resubmits = new LinkedHashMap<>();
    long deadline = System.nanoTime() + settings.timeout().toNanos();
    long pollMs = 10;
    int lastShown = -1;
    while (!pending.isEmpty() && System.nanoTime() < deadline) {
      for (String file : List.copyOf(pending)) {
        JobResult result;
        try {
          result = ModelMessages.fromThrift(file, owners.call(file, c -> c.get_model(file)));
        } catch (IllegalArgumentException e) {
          result = JobResult.failed(file, -1, "malformed result: " + e.getMessage());
        }
        if (result.status() == JobStatus.NOT_FOUND) {
          int count = resubmits.merge(file, 1, Integer::sum);
          if (count <= NOT_FOUND_RESUBMITS) {
            owners.entry().call(c -> {
              c.put_data(file);
              return null;
            });
            continue;
          }
        }
        if (result.status() != JobStatus.WAIT && result.status() != JobStatus.NOT_FOUND
            || resubmits.getOrDefault(file, 0) > NOT_FOUND_RESUBMITS) {
          results.put(file, result);
          pending.remove(file);
        }
      }
      if (!pending.isEmpty() && pending.size() != lastShown) {
        lastShown = pending.size();
        out.printf("Waiting for %d of %d files: %s%n", pending.size(), files.size(), preview(pending));
      }
      if (!pending.isEmpty()) {
        Thread.sleep(pollMs);
        pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
      }
    }
    for (String file : pending) {
      results.put(file, JobResult.failed(file, -1, "no result within " + settings.timeout().toSeconds() + " s"));
    }
  }

  private static String preview(Set<String> pending) {
    String shown = pending.stream().limit(6).collect(Collectors.joining(", "));
    return pending.size() > 6 ? shown + ", ..." : shown;
  }

  private int report(List<String> files, Map<String, JobResult> results, IdSpace space, long collectedMs)
      throws IOException {
    List<ClientResult> done = new ArrayList<>();
    List<ClientFailure> failures = new ArrayList<>();
    out.println("Training results:");
    out.printf("  %-20s %5s %5s %6s %6s %9s%n", "file", "key", "node", "rows", "epochs", "error");
    Weights start = null;
    for (String file : files) {
      JobResult r = results.get(file);
      if (r.status() != JobStatus.DONE) {
        failures.add(new ClientFailure(file, r.reason()));
        out.printf("  %-20s %5d %5s  %s: %s%n", file, space.keyOf(file), r.trainedBy() < 0 ? "-" : r.trainedBy(),
            r.status().wireName(), r.reason());
        continue;
      }
      Weights delta = r.delta().orElseThrow();
      Weights fileStart = r.init().draw(delta.shape(), r.seed());
      if (start == null) {
        start = fileStart;
      } else if (!start.equals(fileStart)) {
        failures.add(new ClientFailure(file, "trained from other start weights (model or seed differ)"));
        continue;
      }
      int rows = r.rows() > 0 ? r.rows() : countRows(file);
      done.add(new ClientResult(file, delta, rows));
      out.printf(Locale.ROOT, "  %-20s %5d %5d %6d %6d %8.2f%%%n", file, space.keyOf(file), r.trainedBy(), rows,
          r.epochs(), 100 * r.errorRate());
    }
    out.printf(Locale.ROOT, "Collected %d of %d results in %.2f s%n", done.size(), files.size(), collectedMs / 1000.0);
    if (done.isEmpty()) {
      out.println("No file was trained: nothing to validate");
      return 1;
    }
    Weights global = new FedAvg().aggregate(start, done, failures);
    Dataset validation = CsvData.read(settings.validation(), global.shape().classes(), global.shape().inputs());
    double error = Trainer.errorRate(global, validation);
    out.printf(Locale.ROOT, "Final validation error: %.2f%%%n", 100 * error);
    if (!failures.isEmpty()) {
      out.printf("%d files failed; the model averages the other %d%n", failures.size(), done.size());
      return 1;
    }
    return 0;
  }

  private int countRows(String file) throws IOException {
    try (Stream<String> lines = Files.lines(settings.dataDir().resolve(file))) {
      return (int) lines.filter(l -> !l.isBlank()).count();
    }
  }
}
