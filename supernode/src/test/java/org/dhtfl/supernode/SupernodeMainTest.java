package org.dhtfl.supernode;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dhtfl.cli.Cli;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SupernodeMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  // call() reports its own failures on System.err rather than on the command line's writer.
  private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureSystemErr() {
    originalErr = System.err;
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreSystemErr() {
    System.setErr(originalErr);
  }

  private int run(String... args) {
    CommandLine line = Cli.commandLine(new SupernodeMain());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void aPortOutOfRangeIsAUsageErrorNamingThePort() {
    int code = run("--port", "70000");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port 70000 out of range 1..65535").contains("Usage: supernode");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aMetricsPortOutOfRangeIsAUsageErrorNamingIt() {
    int code = run("--metrics-port", "0");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port 0 out of range 1..65535").contains("--metrics-port");
  }

  @Test
  void aMetricsPortInUseFailsNamingIt(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("compute_node.txt");
    Files.writeString(nodes, "127.0.0.1,5001\n");
    try (ServerSocket taken = new ServerSocket(0)) {
      int code = run("--port", "1", "--nodes", nodes.toString(), "--bind", "127.0.0.1", "--metrics-port",
          String.valueOf(taken.getLocalPort()));

      assertThat(code).isEqualTo(1);
      assertThat(systemErr.toString(StandardCharsets.UTF_8))
          .contains("cannot serve metrics on port " + taken.getLocalPort());
    }
  }

  @Test
  void aPortThatIsNotANumberIsAUsageError() {
    int code = run("--port", "nine");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'nine' is not a port number").contains("Usage: supernode");
  }

  @Test
  void bitsOutOfRangeAreAUsageError() {
    int code = run("--bits", "2");

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("--bits 2 out of range 3..31");
  }

  @Test
  void aLeaseThatIsNotPositiveIsAUsageError() {
    int code = run("--lease-ms", "0");

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("--lease-ms and --health-ms must be positive");
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: supernode").contains("--port").contains("--nodes").contains("--lease-ms")
        .contains("--state").contains("--heartbeat-ms").contains("--grace-ms").contains("--drop-after-ms");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void aMissingAdmissionListFailsNamingTheFile(@TempDir Path dir) {
    Path missing = dir.resolve("no_such_nodes.txt");

    int code = run("--port", "1", "--nodes", missing.toString());

    assertThat(code).isEqualTo(Cli.FAILED).isEqualTo(1);
    assertThat(systemErr.toString(StandardCharsets.UTF_8))
        .contains("no admission list " + missing.toAbsolutePath())
        .contains("--nodes FILE");
  }

  @Test
  void aMalformedAdmissionListFailsNamingFileAndLine(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("nodes.txt");
    Files.writeString(nodes, "127.0.0.1,5001\n127.0.0.1,abc\n");

    int code = run("--port", "1", "--nodes", nodes.toString());

    assertThat(code).isEqualTo(1);
    assertThat(systemErr.toString(StandardCharsets.UTF_8))
        .contains("cannot read the admission list: " + nodes + " line 2: 'abc' is not a port number");
  }

  @Test
  void aHeartbeatThatIsNotPositiveIsAUsageError() {
    int code = run("--heartbeat-ms", "0");

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("--heartbeat-ms 0 must be positive");
  }

  @Test
  void aDropTimeNoLongerThanTheHeartbeatOrTheHealthCheckIsAUsageError() {
    int code = run("--heartbeat-ms", "3000", "--drop-after-ms", "3000");

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8))
        .contains("--drop-after-ms 3000 must be longer than --heartbeat-ms (3000) and --health-ms (2000)");
  }

  @Test
  void aNegativeGracePeriodIsAUsageError() {
    int code = run("--grace-ms", "-1");

    assertThat(code).isEqualTo(2);
    assertThat(systemErr.toString(StandardCharsets.UTF_8)).contains("--grace-ms -1 must not be negative");
  }

  @Test
  void aMembershipFileThatCannotBeWrittenFailsAtStartNamingIt(@TempDir Path dir) throws Exception {
    Path nodes = dir.resolve("nodes.txt");
    java.nio.file.Files.writeString(nodes, "127.0.0.1,5001\n");
    Path state = dir.resolve("no-such-folder").resolve("state.txt");

    int code = run("--port", "1", "--nodes", nodes.toString(), "--state", state.toString());

    assertThat(code).isEqualTo(Cli.FAILED);
    assertThat(systemErr.toString(StandardCharsets.UTF_8))
        .contains("cannot write the membership file " + state.toAbsolutePath())
        .contains("--state FILE");
  }
}
