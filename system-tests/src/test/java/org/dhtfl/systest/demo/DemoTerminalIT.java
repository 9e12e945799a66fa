package org.dhtfl.systest.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The demo as a person and as a log see it: scripts/local-cluster.sh run in a pseudo-terminal (by
 * util-linux's {@code script}) draws the progress bar, although it pipes the client through tee;
 * the same demo piped into a file prints the reference's plain "Waiting for" lines and no bar.
 * Both on the project's real data, on free ports; the script stops what it starts, and the test
 * kills what is left if it does not end in time.
 */
class DemoTerminalIT {

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  private static final String BAR = "training [";

  private static String demo(Path runDir) throws IOException {
    List<Integer> ports = LocalCluster.freePorts(4);
    return String.join(" ", PROJECT.resolve("scripts/local-cluster.sh").toString(), "--run-dir", runDir.toString(),
        "--supernode-port", ports.get(0).toString(), "--nodes",
        "'" + ports.get(1) + " " + ports.get(2) + " " + ports.get(3) + "'", "--files", "8");
  }

  private static String run(List<String> command, Path output) throws Exception {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("DHTFL_NO_BUILD", "1");
    Process process = builder.start();
    try {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the demo ended; output:\n" + read(output)).isTrue();
      assertThat(process.exitValue()).as(read(output)).isZero();
      return read(output);
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  private static String read(Path file) throws IOException {
    return Files.exists(file) ? Files.readString(file, StandardCharsets.ISO_8859_1) : "";
  }

  @Test
  void inATerminalTheDemoDrawsTheBarAndPipedItPrintsPlainLines() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "util-linux's script is missing");
    Path dir = Files.createDirectories(PROJECT.resolve("system-tests/target/it/demo-terminal"));

    String terminal = run(new ArrayList<>(List.of("script", "-qefc", demo(dir.resolve("tty")), "/dev/null")),
        dir.resolve("tty.out"));
    assertThat(terminal).contains(BAR).contains("Final validation error: ");
    // The bar is drawn on the terminal only: the log that tee wrote has none.
    assertThat(read(dir.resolve("tty/client.log"))).doesNotContain(BAR).contains("Final validation error: ");

    String piped = run(List.of("bash", "-c", demo(dir.resolve("piped"))), dir.resolve("piped.out"));
    assertThat(piped).doesNotContain(BAR).doesNotContain("\r").contains("Waiting for ")
        .contains("Final validation error: ");
  }
}
