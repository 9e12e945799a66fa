package org.dhtfl.systest.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.dhtfl.systest.cluster.LocalCluster;

/**
 * The build that runs this test makes the class-data archives itself (the client module's package
 * phase runs scripts/lib/make-cds.sh), so scripts/local-cluster.sh, run on that build's jars, starts
 * every program with its archive: the script says so for the supernode, each node and the client,
 * from the JVM's own log of where each class came from.
 */
class ClassDataArchiveIT {

  private static final Path PROJECT = LocalCluster.project();
  private static final List<String> MODULES = List.of("supernode", "computenode", "client");

  private static Pattern inUse(String program, String module) {
    return Pattern.compile("^" + Pattern.quote(program) + ": class-data archive " + Pattern.quote(module
        + "/target/dhtfl-" + module + ".jsa") + " in use, (\\d+) of (\\d+) classes from it$", Pattern.MULTILINE);
  }

  @Test
  void theBuildMadeTheArchivesNewerThanTheJars() throws Exception {
    for (String module : MODULES) {
      Path jar = PROJECT.resolve(module + "/target/dhtfl-" + module + ".jar");
      Path archive = PROJECT.resolve(module + "/target/dhtfl-" + module + ".jsa");
      assertThat(archive).as("the archive of the " + module).isNotEmptyFile();
      assertThat(Files.getLastModifiedTime(archive)).as(archive + " newer than " + jar)
          .isGreaterThan(Files.getLastModifiedTime(jar));
    }
  }

  @Test
  void theDemoStartsEveryProgramWithItsArchive() throws Exception {
    Path dir = Files.createDirectories(PROJECT.resolve("system-tests/target/it/class-data"));
    List<Integer> ports = LocalCluster.freePorts(4);
    List<String> nodes = ports.subList(1, 4).stream().map(String::valueOf).toList();
    Path output = dir.resolve("demo.out");
    List<String> command = new ArrayList<>(List.of(PROJECT.resolve("scripts/local-cluster.sh").toString(),
        "--run-dir", dir.resolve("run").toString(), "--generated", "--supernode-port", ports.get(0).toString(),
        "--nodes", String.join(" ", nodes), "--files", "3"));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
    builder.environment().put("DHTFL_NO_BUILD", "1");
    builder.environment().remove("DHTFL_NO_CDS");
    Process process = builder.start();
    String out;
    try {
      assertThat(process.waitFor(180, TimeUnit.SECONDS)).as("the demo ended").isTrue();
      out = Files.readString(output, StandardCharsets.ISO_8859_1);
      assertThat(process.exitValue()).as(out).isZero();
    } finally {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }

    assertThat(out).contains("Final validation error: ");
    List<String[]> programs = new ArrayList<>();
    programs.add(new String[] {"supernode", "supernode"});
    nodes.forEach(port -> programs.add(new String[] {"node-" + port, "computenode"}));
    programs.add(new String[] {"client", "client"});
    for (String[] program : programs) {
      Matcher line = inUse(program[0], program[1]).matcher(out);
      assertThat(line.find()).as(program[0] + " with its archive in:\n" + out).isTrue();
      int shared = Integer.parseInt(line.group(1));
      int total = Integer.parseInt(line.group(2));
      // The recording run loads most of what a demo loads: far more than a handful of classes.
      assertThat(shared).as(line.group()).isGreaterThan(500).isLessThanOrEqualTo(total);
    }
  }
}
