package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.dhtfl.thrift.ComputeNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Containers charged before they are read, on a live server with the compute node's methods. */
class ChargedProtocolTest {

  private static final byte I32 = 8;
  private static final byte STRING = 11;
  private static final byte STRUCT = 12;
  private static final byte LIST = 15;

  private final List<String> handled = new CopyOnWriteArrayList<>();
  private ThriftServer server;

  /** A compute node face whose every method is {@code answer}. */
  static ComputeNode.Iface node(BiFunction<String, Object[], Object> answer) {
    return (ComputeNode.Iface) Proxy.newProxyInstance(ComputeNode.Iface.class.getClassLoader(),
        new Class<?>[] {ComputeNode.Iface.class}, (proxy, method, args) -> answer.apply(method.getName(), args));
  }

  @BeforeEach
  void start() throws Exception {
    server = ThriftServer.start("test", new ComputeNode.Processor<>(node((method, args) -> {
      handled.add(method + " " + (args[args.length - 1] instanceof List<?> list ? list.size() : -1));
      return null;
    })), InetAddress.getLoopbackAddress(), 0, RpcSettings.DEFAULTS);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void aRingCallsPathOfAFewHundredHopsIsHandled() throws Exception {
    assertThat(answered(deliver(1_000))).isTrue();
    assertThat(handled).containsExactly("deliver 1000");
  }

  @Test
  void aRingCallDeclaringMoreElementsThanTheRingHasIsRefusedBeforeItsHandler() throws Exception {
    assertThat(answered(deliver(1_025))).isFalse();
    assertThat(handled).isEmpty();
  }

  @Test
  void aCallThatCarriesDataMayCarryThousandsOfElements() throws Exception {
    assertThat(answered(takeOverOfEmptyStructs(5_000))).isTrue();
    assertThat(handled).containsExactly("take_over 5000");
  }

  @Test
  void emptyStructsAreChargedAtTheHeapTheyTakeNotTheByteTheyAreOnTheWire() throws Exception {
    // Messages of at most 2 MB: a take_over may take 8 MB of heap. 10^6 empty structs are 1 MB on
    // the wire and at least 20 MB on the heap.
    RpcSettings small = new RpcSettings(1_000, 10_000, 30_000, 15_000, 2 << 20, 2 << 20, 1_000_000, 16, 16, 30_000,
        java.util.Optional.empty());
    server.close();
    server = ThriftServer.start("test", new ComputeNode.Processor<>(node((method, args) -> {
      handled.add(method);
      return null;
    })), InetAddress.getLoopbackAddress(), 0, small);

    assertThat(answered(takeOverOfEmptyStructs(1_000_000))).isFalse();
    assertThat(answered(takeOverOfEmptyStructs(100_000))).isTrue();
    assertThat(handled).containsExactly("take_over");
  }

  /** Sends the call; true when the server answered it, false when it closed the connection. */
  private boolean answered(byte[] call) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(5_000);
      try {
        socket.getOutputStream().write(call);
        socket.getOutputStream().flush();
        return new DataInputStream(socket.getInputStream()).readInt() == 0x80010002;
      } catch (EOFException | java.net.SocketException e) {
        return false;
      }
    }
  }

  private static byte[] deliver(int hops) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    header(out, "deliver");
    out.writeByte(STRING);
    out.writeShort(1);
    byte[] name = "f".getBytes(StandardCharsets.UTF_8);
    out.writeInt(name.length);
    out.write(name);
    out.writeByte(LIST);
    out.writeShort(2);
    out.writeByte(I32);
    out.writeInt(hops);
    for (int i = 0; i < hops; i++) {
      out.writeInt(i);
    }
    out.writeByte(0);
    return bytes.toByteArray();
  }

  private static byte[] takeOverOfEmptyStructs(int items) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    header(out, "take_over");
    out.writeByte(LIST);
    out.writeShort(1);
    out.writeByte(STRUCT);
    out.writeInt(items);
    out.write(new byte[items]);
    out.writeByte(0);
    return bytes.toByteArray();
  }

  private static void header(DataOutputStream out, String method) throws Exception {
    byte[] name = method.getBytes(StandardCharsets.UTF_8);
    out.writeInt(0x80010001);
    out.writeInt(name.length);
    out.write(name);
    out.writeInt(1);
  }
}
