package org.dhtfl.client.fuzz;

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
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
  private static final RpcSettings PROBE = RpcSettings.DEFAULTS.withConnectTimeoutMs(2_000).withCallTimeoutMs(5_000);

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
    Cases generator = new Cases(random);
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
      } catch (TException e) {
        failure = e.toString();
      }
    }
    return failure;
  }

  private static String send(Target target, Kind kind, Cases generator, Random random) throws IOException {
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

  /** Generates the malformed inputs. */
  static final class Cases {
    private static final String[] NODE_METHODS = {"put_data", "get_model", "find_successor", "route_step", "lookup",
        "notify", "update_finger", "submit_job", "job_result", "store_replica", "held", "take_over", "leaving",
        "deliver", "get_ring_state", "ping"};
    private static final String[] SUPERNODE_METHODS = {"request_join", "confirm_join", "get_node",
        "get_compute_node_address", "remove_join", "get_members", "get_bits"};

    private final Random random;

    Cases(Random random) {
      this.random = random;
    }

    byte[] randomBytes() {
      byte[] bytes = new byte[1 + random.nextInt(8192)];
      random.nextBytes(bytes);
      if (random.nextBoolean()) {
        bytes[0] = (byte) 0x80;
        if (bytes.length > 1) {
          bytes[1] = 0x01;
        }
      }
      return bytes;
    }

    /** A plausible call whose arguments are random fields, cut off somewhere. */
    byte[] truncated(boolean node) {
      byte[] whole = call(method(node), this::randomFields);
      return java.util.Arrays.copyOf(whole, 1 + random.nextInt(whole.length));
    }

    byte[] hugeLength(boolean node) {
      return switch (random.nextInt(3)) {
        case 0 -> {
          // A method name said to be two gigabytes long.
          byte[] header = {(byte) 0x80, 0x01, 0x00, 0x01, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 'a', 'b'};
          yield header;
        }
        case 1 -> call(method(node), p -> {
          p.writeFieldBegin(new TField("s", TType.STRING, (short) 1));
          p.getTransport().write(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'x'});
        });
        default -> call(method(node), p -> {
          p.writeFieldBegin(new TField("l", TType.LIST, (short) 1));
          p.writeListBegin(new TList(TType.LIST, Integer.MAX_VALUE));
          p.writeListBegin(new TList(TType.DOUBLE, Integer.MAX_VALUE));
          p.writeDouble(1.0);
        });
      };
    }

    byte[] deepNesting(boolean node) {
      int depth = 1_000 + random.nextInt(100_000);
      return call(method(node), p -> {
        short field = (short) (90 + random.nextInt(9));
        for (int i = 0; i < depth; i++) {
          p.writeFieldBegin(new TField("n", random.nextBoolean() ? TType.STRUCT : TType.LIST, field));
          if (random.nextInt(4) == 0) {
            p.writeListBegin(new TList(TType.STRUCT, 1));
          }
        }
      });
    }

    byte[] unknownMethod() {
      StringBuilder name = new StringBuilder();
      int length = 1 + random.nextInt(40);
      for (int i = 0; i < length; i++) {
        name.append((char) ('a' + random.nextInt(26)));
      }
      return call(name.toString(), this::randomFields);
    }

    /** A known method with each argument of the wrong type. */
    byte[] wrongTypes(boolean node) {
      return call(method(node), p -> {
        for (short id = 1; id <= 4; id++) {
          byte[] types = {TType.STRING, TType.I32, TType.DOUBLE, TType.LIST, TType.STRUCT, TType.BOOL, TType.I64};
          byte type = types[random.nextInt(types.length)];
          p.writeFieldBegin(new TField("x", type, id));
          writeValue(p, type, 2);
        }
        p.writeFieldStop();
      });
    }

    /** A correct call with hostile values, through the generated client. */
    String hostileCall(String host, int port, boolean node) {
      int choice = random.nextInt(node ? 14 : 6);
      String what = (node ? "node" : "supernode") + " hostile #" + choice;
      try {
        if (node) {
          Rpc.computeNode(host, port, PROBE, c -> {
            switch (choice) {
              case 0 -> c.put_data("../../etc/passwd");
              case 1 -> c.get_model("x".repeat(200_000));
              case 2 -> c.find_successor(-1 - random.nextInt(1000));
              case 3 -> c.find_successor(Integer.MAX_VALUE);
              case 4 -> c.update_finger_table(random.nextInt(), 99);
              case 5 -> c.set_predecessor(random.nextInt());
              case 6 -> c.closest_preceding_node(-5);
              case 7 -> c.notify(new org.dhtfl.thrift.NodeRef(-1, "", 0));
              case 8 -> c.notify(new org.dhtfl.thrift.NodeRef(7, "127.0.0.1", 1));
              case 9 -> c.route_step(1 << 30);
              case 10 -> c.job_result(new org.dhtfl.thrift.JobKey("run", -3, "f"), List.of());
              case 11 -> c.submit_job(hostileJob(), List.of());
              case 12 -> c.store_replica(new org.dhtfl.thrift.JobKey("run", 1, "f"), nanModel());
              default -> c.leaving(new org.dhtfl.thrift.Leaving(null, null));
            }
            return null;
          });
        } else {
          Rpc.supernode(host, port, PROBE, c -> {
            switch (choice) {
              case 0 -> c.request_join(0);
              case 1 -> c.request_join(70_000);
              case 2 -> c.confirm_join(random.nextInt());
              case 3 -> c.get_compute_node_address(random.nextInt());
              case 4 -> c.request_join(-1);
              default -> c.get_node();
            }
            return null;
          });
        }
      } catch (TException e) {
        // Refusals are the expected answer.
      }
      return what;
    }

    private org.dhtfl.thrift.Job hostileJob() {
      org.dhtfl.thrift.Job job = new org.dhtfl.thrift.Job();
      job.setKey(new org.dhtfl.thrift.JobKey("run", 1, "f"));
      job.setSpec(new org.dhtfl.thrift.TrainSpec("mlp", 1 << 30, 26, Integer.MAX_VALUE, Double.NaN, 5, true, false));
      job.setStart(new org.dhtfl.thrift.Weights(List.of(List.of(Double.NaN)), List.of()));
      return job;
    }

    private org.dhtfl.thrift.Model nanModel() {
      org.dhtfl.thrift.Model model = new org.dhtfl.thrift.Model();
      model.setStatus("done");
      model.setV(List.of(List.of(Double.NaN, 1.0), List.of(Double.POSITIVE_INFINITY)));
      model.setW(List.of());
      return model;
    }

    private String method(boolean node) {
      String[] methods = node ? NODE_METHODS : SUPERNODE_METHODS;
      return methods[random.nextInt(methods.length)];
    }

    private void randomFields(TBinaryProtocol p) throws TException {
      int fields = random.nextInt(5);
      for (int i = 0; i < fields; i++) {
        byte[] types = {TType.STRING, TType.I32, TType.DOUBLE, TType.LIST, TType.STRUCT, TType.BOOL, TType.I64,
            TType.MAP, TType.SET};
        byte type = types[random.nextInt(types.length)];
        p.writeFieldBegin(new TField("f", type, (short) (1 + random.nextInt(6))));
        writeValue(p, type, 3);
      }
      p.writeFieldStop();
    }

    private void writeValue(TBinaryProtocol p, byte type, int depth) throws TException {
      switch (type) {
        case TType.STRING -> p.writeString(random.nextInt(3) == 0 ? "../" : "s" + random.nextInt());
        case TType.I32 -> p.writeI32(random.nextInt());
        case TType.I64 -> p.writeI64(random.nextLong());
        case TType.DOUBLE -> p.writeDouble(random.nextBoolean() ? Double.NaN : random.nextGaussian());
        case TType.BOOL -> p.writeBool(random.nextBoolean());
        case TType.LIST, TType.SET -> {
          int n = random.nextInt(4);
          p.writeListBegin(new TList(TType.I32, n));
          for (int i = 0; i < n; i++) {
            p.writeI32(random.nextInt());
          }
        }
        case TType.MAP -> {
          p.writeMapBegin(new org.apache.thrift.protocol.TMap(TType.I32, TType.I32, 1));
          p.writeI32(1);
          p.writeI32(2);
        }
        default -> {
          p.writeStructBegin(new TStruct("s"));
          if (depth > 0) {
            p.writeFieldBegin(new TField("x", TType.I32, (short) 1));
            p.writeI32(random.nextInt());
          }
          p.writeFieldStop();
        }
      }
    }

    @FunctionalInterface
    interface Body {
      void write(TBinaryProtocol protocol) throws TException;
    }

    /** A call message: header, argument struct written by the body. */
    byte[] call(String method, Body body) {
      try {
        TMemoryBuffer buffer = new TMemoryBuffer(1024);
        TBinaryProtocol p = new TBinaryProtocol(buffer);
        p.writeMessageBegin(new TMessage(method, TMessageType.CALL, random.nextInt()));
        p.writeStructBegin(new TStruct("args"));
        body.write(p);
        return java.util.Arrays.copyOf(buffer.getArray(), buffer.length());
      } catch (TTransportException e) {
        throw new IllegalStateException(e);
      } catch (TException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
