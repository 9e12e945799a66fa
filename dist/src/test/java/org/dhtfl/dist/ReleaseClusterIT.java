package org.dhtfl.dist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A cluster from the release tarball alone, as a user on five machines starts it: the tarball is
 * unpacked once per host into an empty folder, each host's conf/ files are edited (no arguments on
 * the command lines), and the supernode, three compute nodes and the client each run in a network
 * namespace of their own, under dash, with a PATH that holds java and a few POSIX tools but no mvn.
 * The client trains the release's letters data: 41.09%, as the demo. Needs root, ip (iproute2) and
 * dash; skipped, saying why, without them, unless DHTFL_REQUIRE_RELEASE is set (.ci/run sets it).
 *
 * <p>Namespaces dr-*, links dr*, subnet 10.78.5.0/24: names no other test uses.
 */
class ReleaseClusterIT {

  private static final String SUBNET = "10.78.5.";
  private static final String SUPERNODE_IP = SUBNET + "1";
  private static final Path DASH = Path.of("/bin/dash");
  /** The tools the launchers call besides shell built-ins; the test's PATH holds these and java only. */
  private static final List<String> TOOLS = List.of("cat", "dirname", "ls", "mkdir", "mv", "rm");

  private final List<Process> processes = new ArrayList<>();
  private Hosts hosts;

  @Test
  void aClusterOfFiveHostsConfiguredThroughConfAloneTrainsTheLettersAsTheDemo() throws Exception {
    hosts = new Hosts(requirements(), "dr");
    Path release = Path.of(System.getProperty("dhtfl.release"));
    assertThat(release).as("the tarball the package phase made").isRegularFile();
    Path work = Path.of("target", "it", "release").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    Path bin = toolsOnly(work.resolve("path"));
    hosts.removeLeftovers(List.of("sn", "n1", "n2", "n3", "cl"));

    Path supernode = unpack(release, work.resolve("supernode"));
    Path[] nodes = new Path[3];
    for (int i = 0; i < 3; i++) {
      nodes[i] = unpack(release, work.resolve("node-" + (i + 1)));
    }
    Path client = unpack(release, work.resolve("client"));
    Files.writeString(supernode.resolve("conf/compute_node.txt"),
        SUBNET + "11,5001\n" + SUBNET + "12,5002\n" + SUBNET + "13,5003\n", StandardCharsets.UTF_8);
    configure(supernode.resolve("conf/supernode.properties"), "bind = " + SUPERNODE_IP, "port = 9091");
    for (int i = 0; i < 3; i++) {
      configure(nodes[i].resolve("conf/computenode.properties"), "port = " + (5001 + i),
          "supernode_ip = " + SUPERNODE_IP, "supernode_port = 9091", "bind = " + SUBNET + (11 + i));
    }
    configure(client.resolve("conf/client.properties"), "supernode_ip = " + SUPERNODE_IP, "supernode_port = 9091");

    String snHost = hosts.add("sn", SUPERNODE_IP);
    String[] nodeHosts = new String[3];
    for (int i = 0; i < 3; i++) {
      nodeHosts[i] = hosts.add("n" + (i + 1), SUBNET + (11 + i));
    }
    String clientHost = hosts.add("cl", SUBNET + "20");

    Process sn = start(snHost, supernode, "supernode", bin, work.resolve("supernode.log"));
    awaitLine(work.resolve("supernode.log"), "supernode listening", sn);
    for (int i = 0; i < 3; i++) {
      Path log = work.resolve("node-" + (i + 1) + ".log");
      Process node = start(nodeHosts[i], nodes[i], "computenode", bin, log);
      awaitLine(log, "running on port", node);
    }
    Path clientLog = work.resolve("client.log");
    Process run = start(clientHost, client, "client", bin, clientLog);
    boolean finished = run.waitFor(900, TimeUnit.SECONDS);
    String out = Files.readString(clientLog, StandardCharsets.UTF_8);

    assertThat(finished).as("the client ended within 15 minutes:\n%s", out).isTrue();
    assertThat(run.exitValue()).as(out).isZero();
    assertThat(out).contains("Final validation error: 41.09%");
  }

  @Test
  void theFirstStartRecordsAClassDataArchiveThatTheNextStartMaps() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DASH) || required(), "needs dash (Debian package dash)");
    Path release = Path.of(System.getProperty("dhtfl.release"));
    Path work = Path.of("target", "it", "release-cds").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    Path home = unpack(release, work.resolve("host"));
    Path bin = toolsOnly(work.resolve("path"));

    int first = runToEnd(home, bin, Map.of(), work.resolve("first.log"), "client", "--version");
    // DHTFL_JAVA_OPTS comes after the launcher's options: -Xshare:on makes the JVM fail when it cannot
    // map the archive (instead of starting without it), and the log, off by default, says what it mapped.
    int second = runToEnd(home, bin, Map.of("DHTFL_JAVA_OPTS", "-Xshare:on -Xlog:cds=info"),
        work.resolve("second.log"), "client", "--version");
    String log = Files.readString(work.resolve("second.log"), StandardCharsets.UTF_8);

    assertThat(first).isZero();
    assertThat(home.resolve("cds/client.jsa")).isNotEmptyFile();
    assertThat(second).as(log).isZero();
    assertThat(log).contains("Opened archive " + home.toRealPath().resolve("cds/client.jsa")).contains("Mapped dynamic region")
        .contains("dhtfl client");
  }

  @Test
  void aMovedReleaseRecordsItsArchiveAgain() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(DASH) || required(), "needs dash (Debian package dash)");
    Path work = Path.of("target", "it", "release-moved").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    Path before = unpack(Path.of(System.getProperty("dhtfl.release")), work.resolve("before"));
    Path bin = toolsOnly(work.resolve("path"));
    assertThat(runToEnd(before, bin, Map.of(), work.resolve("record.log"), "client", "--version")).isZero();
    assertThat(runToEnd(before, bin, Map.of(), work.resolve("promote.log"), "client", "--version")).isZero();
    assertThat(before.resolve("cds/client.jsa")).isNotEmptyFile();
    Path after = work.resolve("after");
    Files.move(before.getParent(), after);
    Path home = after.resolve(before.getFileName());

    int moved = runToEnd(home, bin, Map.of(), work.resolve("moved.log"), "client", "--version");
    int again = runToEnd(home, bin, Map.of("DHTFL_JAVA_OPTS", "-Xshare:on -Xlog:cds=info"), work.resolve("again.log"),
        "client", "--version");

    assertThat(moved).isZero();
    assertThat(Files.readString(home.resolve("cds/client.jar"))).as("what the new recording was made for")
        .contains(home.toRealPath().resolve("lib/dhtfl-client.jar").toString());
    assertThat(again).isZero();
    assertThat(Files.readString(work.resolve("again.log"))).contains("Mapped dynamic region");
  }

  @Test
  void theLaunchersArePosixShAsShellcheckReadsThem() throws Exception {
    Path shellcheck = Path.of("/usr/bin/shellcheck");
    Assumptions.assumeTrue(Files.isExecutable(shellcheck) || required(), "needs shellcheck (Debian package shellcheck)");
    Path release = Path.of(System.getProperty("dhtfl.release"));
    Path work = Path.of("target", "it", "release-shellcheck").toAbsolutePath();
    deleteRecursively(work);
    Files.createDirectories(work);
    Path home = unpack(release, work.resolve("host"));
    List<String> command = new ArrayList<>(List.of(shellcheck.toString(), "-s", "sh"));
    try (Stream<Path> scripts = Files.list(home.resolve("bin"))) {
      scripts.sorted().forEach(script -> command.add(script.toString()));
    }
    Path log = work.resolve("shellcheck.log");

    Process check = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();

    assertThat(check.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(check.exitValue()).as(Files.readString(log)).isZero();
    assertThat(command).hasSize(3 + 4);
  }

  @AfterEach
  void stopEverything() throws Exception {
    for (Process process : processes) {
      process.destroy();
    }
    for (Process process : processes) {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    processes.clear();
    if (hosts != null) {
      hosts.close();
    }
  }

  private static boolean required() {
    return System.getenv("DHTFL_REQUIRE_RELEASE") != null;
  }

  /** The path of ip, when root, ip and dash are there; skips the test otherwise (fails when required). */
  private static Path requirements() {
    Path ip = Stream.of("/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip").map(Path::of).filter(Files::isExecutable)
        .findFirst().orElse(null);
    String missing = !"root".equals(System.getProperty("user.name")) ? "network namespaces need root"
        : ip == null ? "needs ip (Debian package iproute2)"
        : !Files.isExecutable(DASH) ? "needs dash (Debian package dash)" : null;
    if (missing != null && required()) {
      throw new AssertionError("DHTFL_REQUIRE_RELEASE is set, but " + missing);
    }
    Assumptions.assumeTrue(missing == null, missing);
    return ip;
  }

  /** A folder holding java and the tools the launchers call, and no mvn: the test's whole PATH. */
  private static Path toolsOnly(Path dir) throws IOException {
    Files.createDirectories(dir);
    Files.createSymbolicLink(dir.resolve("java"), Path.of(System.getProperty("java.home"), "bin", "java"));
    for (String tool : TOOLS) {
      Path found = Stream.of("/usr/bin", "/bin").map(d -> Path.of(d, tool)).filter(Files::isExecutable).findFirst()
          .orElseThrow(() -> new AssertionError("no " + tool + " in /usr/bin or /bin"));
      Files.createSymbolicLink(dir.resolve(tool), found);
    }
    assertThat(dir.resolve("mvn")).doesNotExist();
    return dir;
  }

  /** Unpacks the tarball into an empty folder; returns the release's folder in it. */
  private static Path unpack(Path tarball, Path dir) throws Exception {
    Files.createDirectories(dir);
    Process tar = new ProcessBuilder("tar", "-xzf", tarball.toString(), "-C", dir.toString()).inheritIO().start();
    assertThat(tar.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(tar.exitValue()).isZero();
    try (Stream<Path> entries = Files.list(dir)) {
      List<Path> all = entries.toList();
      assertThat(all).as("the tarball unpacks to one folder").hasSize(1);
      Path home = all.get(0);
      assertThat(home.getFileName().toString()).startsWith("dhtfl-");
      return home;
    }
  }

  /** Adds settings to a conf file, as a user edits it. */
  private static void configure(Path file, String... lines) throws IOException {
    Files.writeString(file, "\n# set for this host\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8,
        java.nio.file.StandardOpenOption.APPEND);
  }

  /** bin/PROGRAM under dash in a namespace, from the release's folder, with no arguments. */
  private Process start(String ns, Path home, String program, Path bin, Path log) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(hosts.inside(ns, List.of(DASH.toString(),
        home.resolve("bin").resolve(program).toString())));
    environment(builder, bin, Map.of());
    Process process = builder.directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    return process;
  }

  private int runToEnd(Path home, Path bin, Map<String, String> extra, Path log, String program, String... args)
      throws Exception {
    List<String> command = new ArrayList<>(List.of(DASH.toString(), home.resolve("bin").resolve(program).toString()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    environment(builder, bin, extra);
    Process process = builder.directory(home.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    processes.add(process);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return process.exitValue();
  }

  /** PATH = the tools folder alone; no JAVA_HOME, no JVM options from the test's environment. */
  private static void environment(ProcessBuilder builder, Path bin, Map<String, String> extra) {
    Map<String, String> env = builder.environment();
    env.keySet().removeIf(key -> key.startsWith("JAVA") || key.startsWith("DHTFL_") || key.startsWith("MAVEN"));
    env.put("PATH", bin.toString());
    env.putAll(extra);
  }

  private static void awaitLine(Path log, String line, Process process) {
    await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
      String text = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
      if (!process.isAlive()) {
        throw new AssertionError(log.getFileName() + ": the process ended before '" + line + "':\n" + text);
      }
      return text.contains(line);
    });
  }

  private static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
