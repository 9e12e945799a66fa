package org.dhtfl.node.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.dhtfl.cli.Cli;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.rpc.ThriftServer;
import org.dhtfl.thrift.JoinResponse;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

class ComputeNodeMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  // call() reports its own failures on System.err rather than on the command line's writer.
  private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
  private PrintStream originalErr;
  private ThriftServer supernode;

  @BeforeEach
  void captureSystemErr() {
    originalErr = System.err;
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restore() {
    System.setErr(originalErr);
    if (supernode != null) {
      supernode.close();
    }
  }

  private int run(String... args) {
    CommandLine line = Cli.commandLine(new ComputeNodeMain());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  /** A supernode that records every call and refuses every join, so a node never gets further. */
  private List<String> refusingSupernode() throws Exception {
    List<String> calls = new CopyOnWriteArrayList<>();
    Supernode.Iface refusing = (Supernode.Iface) Proxy.newProxyInstance(getClass().getClassLoader(),
        new Class<?>[] {Supernode.Iface.class}, (proxy, method, args) -> {
          calls.add(method.getName());
          JoinResponse refused = new JoinResponse(-3, 0);
          refused.setReason("refused by the test");
          return method.getName().equals("join_ring") ? refused : null;
        });
    supernode = ThriftServer.start("test-supernode", new Supernode.Processor<>(refusing),
        InetAddress.getLoopbackAddress(), 0, RpcSettings.DEFAULTS);
    return calls;
  }

  private static String freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return String.valueOf(socket.getLocalPort());
    }
  }

  @Test
  void aNodePortOutOfRangeIsAUsageErrorNamingThePort() {
    int code = run("70000", "127.0.0.1", "9091");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port 70000 out of range 1..65535").contains("Usage: computenode");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aSupernodePortOutOfRangeIsAUsageError() {
    int code = run("5001", "127.0.0.1", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port 0 out of range 1..65535").contains("Usage: computenode");
  }

  @Test
  void aPortThatIsNotANumberIsAUsageError() {
    int code = run("five", "127.0.0.1", "9091");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'five' is not a port number");
  }

  @Test
  void missingArgumentsAreAUsageError() {
    int code = run("5001");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("<supernode_ip>").contains("Usage: computenode");
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: computenode").contains("<port>").contains("<supernode_ip>")
        .contains("<supernode_port>").contains("--data-dir");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void versionPrintsTheVersionAndSucceeds() {
    int code = run("--version");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("dhtfl computenode");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--epochs, 0, epochs 0 must be at least 1",
      "--workers, 0, workers 0 must be at least 1",
      "--queue, 0, queue capacity 0 must be at least 1",
      "--successors, 0, successor list length 0 must be at least 1",
      "--stabilize-ms, 0, maintenance interval",
      "--result-ttl-s, 0, result time-to-live 0 s must be at least 1 s",
      "--join-timeout-s, 0, join time-out 0 s must be at least 1 s",
      "--rpc-timeout-ms, 0, call timeout 0 must be positive",
      "--virtual, 0, positions 0 out of range 1..16",
      "--virtual, 17, positions 17 out of range 1..16"})
  void aBadOptionIsAUsageErrorBeforeTheSupernodeIsAsked(String option, String value, String message)
      throws Exception {
    List<String> calls = refusingSupernode();

    int code = run(freePort(), "127.0.0.1", String.valueOf(supernode.port()), option, value);

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("error: ").contains(message);
    assertThat(calls).as("calls the supernode received").isEmpty();
  }

  @Test
  void helpListsTheValuesOfTheChoiceOptions() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("mlp, logistic").contains("glibc, numpy");
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
      "--model, cnn, 'mlp, logistic'",
      "--init, mt19937, 'glibc, numpy'"})
  void anUnknownChoiceIsAUsageErrorListingTheValuesBeforeTheSupernodeIsAsked(String option, String value,
      String values) throws Exception {
    List<String> calls = refusingSupernode();

    int code = run(freePort(), "127.0.0.1", String.valueOf(supernode.port()), option, value);

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains(option).contains("'" + value + "'").contains(values)
        .contains("Usage: computenode");
    assertThat(calls).as("calls the supernode received").isEmpty();
  }

  @Test
  void choiceOptionsTakeTheirValuesInAnyCase() {
    ComputeNodeMain main = new ComputeNodeMain();

    Cli.commandLine(main).parseArgs("5001", "127.0.0.1", "9091", "--model", "LOGISTIC", "--init", "NumPy");

    assertThat(main.model).isEqualTo(ModelKind.LOGISTIC);
    assertThat(main.init).isEqualTo(StartWeights.NUMPY);
  }

  @Test
  void withAJoinTimeOutANodeWhoseSupernodeNeverComesGivesUpSayingWhy() throws Exception {
    String nobody = freePort();

    int code = run(freePort(), "127.0.0.1", nobody, "--join-timeout-s", "1");

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("error: not admitted within 1 s: the supernode at "
        + "127.0.0.1:" + nobody + " did not answer (connection refused)");
  }

  @Test
  void aRefusedJoinFailsWithTheSupernodesReason() throws Exception {
    List<String> calls = refusingSupernode();

    int code = run(freePort(), "127.0.0.1", String.valueOf(supernode.port()));

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("refused by the test");
    assertThat(calls).containsExactly("join_ring");
  }
}
