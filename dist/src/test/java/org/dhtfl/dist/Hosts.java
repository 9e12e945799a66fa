package org.dhtfl.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Hosts for a test: network namespaces (ip netns, as root), each with one address on a bridge of
 * the test's own, so that processes started in them reach each other as separate machines.
 * {@link #close()} kills whatever still runs in them and removes them and the bridge.
 */
final class Hosts implements AutoCloseable {

  private final Path ip;
  private final String prefix;
  private final String bridge;
  private final List<String> namespaces = new ArrayList<>();

  /** Hosts named PREFIX-NAME, links named PREFIX0h/PREFIX0p..., the bridge PREFIXbr0. */
  Hosts(Path ip, String prefix) {
    this.ip = ip;
    this.prefix = prefix;
    this.bridge = prefix + "br0";
  }

  /** Removes hosts with these names and the bridge, which a killed earlier run may have left. */
  void removeLeftovers(List<String> names) throws Exception {
    for (String name : names) {
      killAllIn(prefix + "-" + name);
      quietly("netns", "del", prefix + "-" + name);
    }
    quietly("link", "del", bridge);
  }

  /** A host (namespace PREFIX-NAME) with one address in a /24 on the bridge; returns the namespace. */
  String add(String name, String address) throws Exception {
    if (namespaces.isEmpty()) {
      run("link", "add", bridge, "type", "bridge");
      run("link", "set", bridge, "up");
    }
    String ns = prefix + "-" + name;
    String outside = prefix + namespaces.size() + "h";
    String inside = prefix + namespaces.size() + "p";
    run("netns", "add", ns);
    namespaces.add(ns);
    run("link", "add", outside, "type", "veth", "peer", "name", inside);
    run("link", "set", inside, "netns", ns);
    run("link", "set", outside, "master", bridge, "up");
    run("-n", ns, "addr", "add", address + "/24", "dev", inside);
    run("-n", ns, "link", "set", inside, "up");
    run("-n", ns, "link", "set", "lo", "up");
    return ns;
  }

  /** The command that runs COMMAND inside a host's namespace (ip netns exec replaces itself with it). */
  List<String> inside(String ns, List<String> command) {
    List<String> all = new ArrayList<>(List.of(ip.toString(), "netns", "exec", ns));
    all.addAll(command);
    return all;
  }

  @Override
  public void close() throws Exception {
    for (String ns : namespaces) {
      killAllIn(ns);
      quietly("netns", "del", ns);
    }
    if (!namespaces.isEmpty()) {
      quietly("link", "del", bridge);
    }
    namespaces.clear();
  }

  private void killAllIn(String ns) throws Exception {
    Process pids = new ProcessBuilder(ip.toString(), "netns", "pids", ns).redirectErrorStream(true).start();
    String out = new String(pids.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    pids.waitFor(10, TimeUnit.SECONDS);
    for (String pid : out.split("\\s+")) {
      if (pid.matches("\\d+")) {
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private void run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ip.toString()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", String.join(" ", command), out).isZero();
  }

  private void quietly(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ip.toString()));
    command.addAll(List.of(args));
    new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        .waitFor(30, TimeUnit.SECONDS);
  }
}
