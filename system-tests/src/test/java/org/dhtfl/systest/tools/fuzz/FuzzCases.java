package org.dhtfl.systest.tools.fuzz;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.apache.thrift.TException;
import org.apache.thrift.protocol.TBinaryProtocol;
import org.apache.thrift.protocol.TField;
import org.apache.thrift.protocol.TList;
import org.apache.thrift.protocol.TMap;
import org.apache.thrift.protocol.TMessage;
import org.apache.thrift.protocol.TMessageType;
import org.apache.thrift.protocol.TStruct;
import org.apache.thrift.protocol.TType;
import org.apache.thrift.transport.TMemoryBuffer;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;

/** Generates the fuzzer's malformed inputs, all from one seeded random source. */
final class FuzzCases {
  private static final String[] NODE_METHODS = {"put_data", "get_model", "find_successor", "route_step", "lookup",
      "notify", "update_finger", "submit_job", "job_result", "store_replica", "held", "take_over", "leaving",
      "deliver", "get_ring_state", "ping", "class_statistics", "score_models"};
  private static final String[] SUPERNODE_METHODS = {"request_join", "join_ring", "confirm_join", "get_node",
      "get_compute_node_address", "remove_join", "get_members", "get_bits", "renew"};

  private final Random random;

  FuzzCases(Random random) {
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
    return Arrays.copyOf(whole, 1 + random.nextInt(whole.length));
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
    int choice = random.nextInt(node ? 16 : 6);
    String what = (node ? "node" : "supernode") + " hostile #" + choice;
    try {
      if (node) {
        Rpc.computeNode(host, port, FuzzMain.PROBE, c -> {
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
            case 10 -> c.job_result(new org.dhtfl.thrift.JobKey("run", -3, "f"), List.of(), null);
            case 11 -> c.submit_job(hostileJob(), List.of());
            case 12 -> c.store_replica(new org.dhtfl.thrift.JobKey("run", 1, "f"), nanModel(), null);
            case 13 -> c.class_statistics(hostileQuery(), List.of());
            case 14 -> c.score_models(hostileQuery(), List.of(random.nextInt()));
            default -> c.leaving(new org.dhtfl.thrift.Leaving(null, null));
          }
          return null;
        });
      } else {
        Rpc.supernode(host, port, FuzzMain.PROBE, c -> {
          switch (choice) {
            case 0 -> c.request_join(0);
            case 1 -> c.request_join(70_000);
            case 2 -> c.confirm_join(random.nextInt());
            case 3 -> c.get_compute_node_address(random.nextInt());
            case 4 -> c.join_ring(-1);
            default -> c.get_node();
          }
          return null;
        });
      }
    } catch (RemoteException e) {
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

  /** A query for a file of random bytes about a model of NaN and ragged rows. */
  private org.dhtfl.thrift.FileQuery hostileQuery() {
    byte[] data = new byte[random.nextInt(4096)];
    random.nextBytes(data);
    return new org.dhtfl.thrift.FileQuery("f", "mlp", List.of(new org.dhtfl.thrift.Weights(
        List.of(List.of(Double.NaN, 1.0), List.of(2.0)), List.of(List.of(Double.POSITIVE_INFINITY)))))
        .setData(data);
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
        p.writeMapBegin(new TMap(TType.I32, TType.I32, 1));
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
      return Arrays.copyOf(buffer.getArray(), buffer.length());
    } catch (TException e) {
      throw new IllegalStateException("a fuzz case could not be written", e);
    }
  }
}
