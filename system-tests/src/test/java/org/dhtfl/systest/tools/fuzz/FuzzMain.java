package org.dhtfl.systest.tools.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Sends seeded malformed input to a running supernode and compute node, and after every case
 * checks that a correct request still gets its answer. A target that stops answering is a hang;
 * one whose process is gone is a crash. Heap use of both processes is sampled with jstat.
 */
@Command(name = "fuzz", mixinStandardHelpOptions = true,
    description = "Fuzzes a supernode and a compute node over their Thrift ports (see scripts/fuzz.sh).")
public final class FuzzMain implements Callable<Integer> {

  /** The kinds of malformed input. */
  enum Kind {
    RANDOM_BYTES, TRUNCATED, HUGE_LENGTH, DEEP_NESTING, UNKNOWN_METHOD, WRONG_TYPES, HOSTILE_ARGUMENTS, SLOW_SENDER
  }

  @Option(names = "--supernode", required = true, description = "host:port of the supernode")
  String supernode;

  @Option(names = "--node", required = true, description = "host:port of the compute node")
  String node;

  @Option(names = "--supernode-pid", description = "Process ID of the supernode, to tell a crash from a hang.")
  long supernodePid;

  @Option(names = "--node-pid", description = "Process ID of the compute node.")
  long nodePid;

  @Option(names = "--cases", description = "Cases to send (default ${DEFAULT-VALUE}).")
  int cases = 1000;

  @Option(names = "--seed", description = "Seed (default ${DEFAULT-VALUE}).")
  long seed = 1;

  private static final int ANSWER_WAIT_MS = 2_000;
  static final RpcSettings PROBE = RpcSettings.DEFAULTS.withConnectTimeoutMs(2_000).withCallTimeoutMs(5_000);

  public static void main(String[] args) {
    System.exit(new CommandLine(new FuzzMain()).execute(args));
  }

  private record Target(String name, String host, int port, long pid, boolean isNode) {
  }

  @Override
  public Integer call() throws Exception {
    List<Target> targets = List.of(target("supernode", supernode, supernodePid, false), target("node", node, nodePid,
        true));
    Random random = new Random(seed);
    Map<Kind, Integer> sent = new EnumMap<>(Kind.class);
    int crashes = 0;
    int hangs = 0;
    int correct = 0;
    double maxHeapMb = 0;
    List<String> problems = new ArrayList<>();
    FuzzCases generator = new FuzzCases(random);
    for (int i = 1; i <= cases; i++) {
      Target target = targets.get(i % 2);
      Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
      sent.merge(kind, 1, Integer::sum);
      String described;
      try {
        described = send(target, kind, generator, random);
      } catch (IOException | RuntimeException e) {
        described = kind + " (" + e.getClass().getSimpleName() + ")";
      }
      String health = check(target);
      if (health == null) {
        correct++;
      } else if (target.pid() > 0 && ProcessHandle.of(target.pid()).map(ProcessHandle::isAlive).orElse(false)) {
        hangs++;
        problems.add("case " + i + " (" + described + ") to " + target.name() + ": hang: " + health);
      } else {
        crashes++;
        problems.add("case " + i + " (" + described + ") to " + target.name() + ": crash: " + health);
        break;
      }
      if (i % 100 == 0 || i == cases) {
        for (Target t : targets) {
          maxHeapMb = Math.max(maxHeapMb, heapMb(t.pid()));
        }
      }
    }
    problems.stream().limit(20).forEach(p -> System.out.println("problem: " + p));
    System.out.println("kinds: " + sent);
    System.out.printf(Locale.ROOT, "cases: %d%ncrashes: %d%nhangs: %d%ncorrect_requests_answered: %d%nmax_heap_mb: %.1f%n",
        cases, crashes, hangs, correct, maxHeapMb);
    return crashes == 0 && hangs == 0 ? 0 : 1;
  }

  private static Target target(String name, String address, long pid, boolean isNode) {
    int colon = address.lastIndexOf(':');
    return new Target(name, address.substring(0, colon), Integer.parseInt(address.substring(colon + 1)), pid, isNode);
  }

  /** Null when a correct request is answered (three tries, a few seconds), else what went wrong. */
  private static String check(Target target) {
    String failure = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try {
        if (target.isNode()) {
          Rpc.computeNode(target.host(), target.port(), PROBE, c -> c.ping());
        } else {
          Rpc.supernode(target.host(), target.port(), PROBE, c -> c.get_bits());
        }
        return null;
      } catch (RemoteException e) {
        failure = e.toString();
      }
    }
    return failure;
  }

  private static String send(Target target, Kind kind, FuzzCases generator, Random random) throws IOException {
    if (kind == Kind.HOSTILE_ARGUMENTS) {
      return generator.hostileCall(target.host(), target.port(), target.isNode());
    }
    byte[] bytes = switch (kind) {
      case RANDOM_BYTES -> generator.randomBytes();
      case TRUNCATED -> generator.truncated(target.isNode());
      case HUGE_LENGTH -> generator.hugeLength(target.isNode());
      case DEEP_NESTING -> generator.deepNesting(target.isNode());
      case UNKNOWN_METHOD -> generator.unknownMethod();
      case WRONG_TYPES -> generator.wrongTypes(target.isNode());
      case SLOW_SENDER -> generator.truncated(target.isNode());
      case HOSTILE_ARGUMENTS -> throw new IllegalStateException();
    };
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(target.host(), target.port()), 2_000);
      socket.setSoTimeout(ANSWER_WAIT_MS);
      OutputStream out = socket.getOutputStream();
      if (kind == Kind.SLOW_SENDER) {
        int pause = 1 + random.nextInt(20);
        for (int i = 0; i < Math.min(bytes.length, 8); i++) {
          out.write(bytes[i]);
          out.flush();
          sleep(pause);
        }
      } else {
        out.write(bytes);
        out.flush();
      }
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      byte[] answer = new byte[4096];
      try {
        while (in.read(answer) >= 0) {
          // The server answers or closes; either is fine.
        }
      } catch (IOException e) {
        // Reset or timed out: fine, the health check decides.
      }
    }
    return kind + " of " + bytes.length + " bytes";
  }

  private static void sleep(int ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Heap in use (survivor, eden and old generations) from jstat; 0 when jstat is not there. */
  static double heapMb(long pid) {
    if (pid <= 0) {
      return 0;
    }
    try {
      Process jstat = new ProcessBuilder("jstat", "-gc", String.valueOf(pid)).redirectErrorStream(true).start();
      String out = new String(jstat.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      jstat.waitFor();
      String[] lines = out.trim().split("\n");
      if (lines.length < 2) {
        return 0;
      }
      String[] header = lines[0].trim().split("\\s+");
      String[] values = lines[1].trim().split("\\s+");
      double kb = 0;
      for (int i = 0; i < header.length && i < values.length; i++) {
        if (header[i].equals("S0U") || header[i].equals("S1U") || header[i].equals("EU") || header[i].equals("OU")) {
          kb += Double.parseDouble(values[i]);
        }
      }
      return kb / 1024;
    } catch (IOException | RuntimeException e) {
      return 0;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 0;
    }
  }
}
