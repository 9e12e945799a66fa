package org.dhtfl.systest.cluster;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.dhtfl.client.data.SyntheticLetters;

/**
 * Real processes for integration tests: a supernode and compute nodes started from the programs'
 * runnable jars on ports chosen at run time, each with its output in a log file. Every program runs
 * through scripts/lib/program.sh, the launcher of the scripts' cluster (scripts/lib/cluster.sh), so
 * the tests run the programs with the scripts' JVM options. Every wait has a deadline, and
 * {@link #close()} stops every process, gracefully first, also when a test failed.
 */
public final class LocalCluster implements AutoCloseable {

  public static final Duration READY = Duration.ofSeconds(60);

  private static final Path PROJECT = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
  /** Every program's heap limit here: the attacks measure what a node with a 256 MB heap holds. */
  private static final String HEAP = "-Xmx256m";

  private final Path dir;
  private final int supernodePort;
  private final List<Integer> nodePorts;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Map<Integer, Process> nodes = new LinkedHashMap<>();
  private Process supernode;
  private List<String> supernodeOptions = List.of();

  /** A cluster in a fresh folder whose admission list holds the given node ports on 127.0.0.1. */
  public LocalCluster(Path dir, int supernodePort, List<Integer> nodePorts) throws IOException {
    deleteRecursively(dir.toAbsolutePath());
    this.dir = Files.createDirectories(dir.toAbsolutePath());
    this.supernodePort = supernodePort;
    this.nodePorts = List.copyOf(nodePorts);
    StringBuilder list = new StringBuilder();
    nodePorts.forEach(p -> list.append("127.0.0.1,").append(p).append('\n'));
    Files.writeString(dir.resolve("compute_node.txt"), list.toString(), StandardCharsets.UTF_8);
  }

  /** A cluster with a free supernode port and {@code nodes} free node ports. */
  public static LocalCluster onFreePorts(Path dir, int nodes) throws IOException {
    List<Integer> ports = freePorts(nodes + 1);
    return new LocalCluster(dir, ports.get(0), ports.subList(1, ports.size()));
  }

  public static List<Integer> freePorts(int count) throws IOException {
    List<ServerSocket> sockets = new ArrayList<>();
    try {
      for (int i = 0; i < count; i++) {
        sockets.add(new ServerSocket(0));
      }
      return sockets.stream().map(ServerSocket::getLocalPort).toList();
    } finally {
      for (ServerSocket s : sockets) {
        s.close();
      }
    }
  }

  /** The project's root folder. */
  public static Path project() {
    return PROJECT;
  }

  /**
   * The class path of this module's tools (the fuzzer, the load client): its test classes and the class
   * path the build wrote to target/test-classpath.txt (pom.xml), as scripts/lib/build.sh's tool_classpath.
   */
  public static String toolClassPath() {
    Path module = PROJECT.resolve("system-tests").resolve("target");
    try {
      return module.resolve("test-classes") + java.io.File.pathSeparator
          + Files.readString(module.resolve("test-classpath.txt"), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new IllegalStateException(module.resolve("test-classpath.txt") + " is unreadable: the build writes it", e);
    }
  }

  /** The class path of a tool that lives in a program module's test classes (the ring simulator). */
  public static String toolClassPath(String program) {
    return PROJECT.resolve(program).resolve("target").resolve("test-classes") + java.io.File.pathSeparator
        + jar(program);
  }

  public static Path jar(String program) {
    Path jar = PROJECT.resolve(program).resolve("target").resolve("dhtfl-" + program + ".jar");
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: integration tests run after `mvn package`");
    }
    return jar;
  }

  /**
   * The client's arguments for a run on the project's real data (data/letters, validated on
   * data/validate_letters.txt) through this cluster's supernode: {@code files} files, {@code rounds}
   * rounds, its run folder {@code out} in the cluster folder; {@code extra} options follow.
   */
  public List<String> clientRun(String out, int files, int rounds, String... extra) {
    Path data = PROJECT.resolve("data");
    List<String> args = new ArrayList<>(List.of("127.0.0.1", String.valueOf(supernodePort), "--data-dir",
        data.resolve("letters").toString(), "--validate", data.resolve("validate_letters.txt").toString(),
        "--files", String.valueOf(files), "--rounds", String.valueOf(rounds)));
    args.addAll(List.of(extra));
    args.addAll(List.of("--out", dir.resolve(out).toString()));
    return args;
  }

  /** Writes the synthetic letters data set into the cluster folder: data/letters and data/validate_letters.txt. */
  public Path generateData(int shards, int rows) throws IOException {
    Path data = dir.resolve("data");
    new SyntheticLetters(1, 5.0).write(data.resolve("letters"), shards, rows, data.resolve("validate_letters.txt"),
        1000);
    return data;
  }

  public Path dir() {
    return dir;
  }

  public int supernodePort() {
    return supernodePort;
  }

  public List<Integer> nodePorts() {
    return nodePorts;
  }

  public void startSupernode(String... extra) throws IOException {
    supernodeOptions = List.of(extra);
    startSupernodeAs("supernode");
  }

  /** Starts the supernode again with the options it was first started with; {@code name} names its log. */
  public void restartSupernode(String name) throws IOException {
    startSupernodeAs(name);
  }

  private void startSupernodeAs(String name) throws IOException {
    List<String> args = new ArrayList<>(List.of("--port", String.valueOf(supernodePort), "--nodes",
        dir.resolve("compute_node.txt").toString(), "--bind", "127.0.0.1"));
    args.addAll(supernodeOptions);
    supernode = start(name, jar("supernode"), args);
    awaitLog(name, "supernode listening");
  }

  /** The supernode's membership file when --state is not given: beside the admission list. */
  public Path supernodeState() {
    return dir.resolve("supernode-state.txt");
  }

  /** Starts the node on {@code port} and waits until it has joined and serves. */
  public Process startNode(int port, Path dataDir, String... extra) throws IOException {
    Process node = startNodeNoWait(port, dataDir, extra);
    awaitLog("node-" + port, "running on port");
    return node;
  }

  public Process startNodeNoWait(int port, Path dataDir, String... extra) throws IOException {
    return startNodeNoWait(port, dataDir, List.of(), extra);
  }

  /** Starts the node with JVM options of its own (a fault to inject) and waits until it has joined and serves. */
  public Process startNodeWithJvmOptions(int port, Path dataDir, List<String> jvmOptions, String... extra)
      throws IOException {
    Process node = startNodeNoWait(port, dataDir, jvmOptions, extra);
    awaitLog("node-" + port, "running on port");
    return node;
  }

  private Process startNodeNoWait(int port, Path dataDir, List<String> jvmOptions, String... extra)
      throws IOException {
    List<String> args = new ArrayList<>(List.of(String.valueOf(port), "127.0.0.1", String.valueOf(supernodePort),
        "--data-dir", dataDir.toString(), "--bind", "127.0.0.1", "--stabilize-ms", "200", "--no-warm-up"));
    // No warm-up: these tests time joins against rounds, and a warm-up that trains beside a running
    // round takes about 4 s on two cores, long enough for a node added after round 5 to join only in
    // round 10 (WarmupTest and the scripts' demo cover the warm-up).
    args.addAll(List.of(extra));
    Process node = start("node-" + port, jar("computenode"), jvmOptions, args);
    nodes.put(port, node);
    return node;
  }

  /** Runs a program to its end (at most {@code timeout}); returns its exit code, output in its log. */
  public int run(String name, String program, Duration timeout, String... args) throws IOException, InterruptedException {
    return finish(name, start(name, jar(program), List.of(args)), timeout);
  }

  /** Runs a command that is not one of the programs (a compiler, a script) like {@link #run}. */
  public int runCommand(String name, Duration timeout, List<String> command) throws IOException, InterruptedException {
    return finish(name, startCommand(name, command), timeout);
  }

  public Process start(String name, Path jar, List<String> args) throws IOException {
    return start(name, jar, List.of(), args);
  }

  /**
   * Starts a program (one of {@link #jar}'s) with JVM options of its own (system properties, for fault
   * injection) through scripts/lib/program.sh, on the JVM that runs the tests; the process is the
   * program's JVM itself, as the launcher replaces itself with it.
   */
  public Process start(String name, Path jar, List<String> jvmOptions, List<String> args) throws IOException {
    String file = jar.getFileName().toString();
    String module = file.substring("dhtfl-".length(), file.length() - ".jar".length());
    List<String> command = new ArrayList<>(List.of("bash", PROJECT.resolve("scripts/lib/program.sh").toString(),
        module, HEAP));
    command.addAll(jvmOptions);
    command.add("--");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("DHTFL_JAVA", javaBinary());
    return start(name, builder);
  }

  /** Starts a command that is not one of the programs (a Python node), in the cluster's folder, logged under name. */
  public Process startCommand(String name, List<String> command) throws IOException {
    return start(name, new ProcessBuilder(command));
  }

  private Process start(String name, ProcessBuilder builder) throws IOException {
    Process process = builder.directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(logFile(name).toFile()).start();
    processes.put(name, process);
    return process;
  }

  private int finish(String name, Process process, Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new IllegalStateException(name + " did not finish within " + timeout + "; log:\n" + log(name));
    }
    return process.exitValue();
  }

  public Path logFile(String name) {
    return dir.resolve(name + ".log");
  }

  public String log(String name) {
    try {
      return Files.exists(logFile(name)) ? Files.readString(logFile(name), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  /** Waits until the program's log has the text; fails with the log when the process ends or time runs out. */
  public void awaitLog(String name, String text) {
    Process process = processes.get(name);
    await(name + " logs '" + text + "'").atMost(READY).pollInterval(Duration.ofMillis(50)).until(() -> {
      if (log(name).contains(text)) {
        return true;
      }
      if (process != null && !process.isAlive()) {
        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; log:\n" + log(name));
      }
      return false;
    });
  }

  /** kill -9. */
  public void kill(int nodePort) throws InterruptedException {
    Process node = nodes.remove(nodePort);
    node.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** SIGTERM: the node leaves gracefully. */
  public void stopNode(int nodePort) throws InterruptedException {
    stop(nodes.remove(nodePort));
  }

  public void stopSupernode() throws InterruptedException {
    stop(supernode);
  }

  /** kill -9 of the supernode. */
  public void killSupernode() throws InterruptedException {
    supernode.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
  }

  /** The logs of every program, for a failure message. */
  public String logs() {
    StringBuilder out = new StringBuilder();
    for (String name : processes.keySet()) {
      out.append("----- ").append(name).append(" -----\n").append(log(name)).append('\n');
    }
    return out.toString();
  }

  @Override
  public void close() throws InterruptedException {
    List<Process> all = new ArrayList<>(processes.values());
    all.forEach(Process::destroy);
    for (Process p : all) {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private static void stop(Process process) throws InterruptedException {
    if (process == null) {
      return;
    }
    process.destroy();
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  public static void deleteRecursively(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private static String javaBinary() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }
}
