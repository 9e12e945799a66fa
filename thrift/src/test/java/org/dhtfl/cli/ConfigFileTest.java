package org.dhtfl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** --config FILE: the file gives the defaults, the command line overrides it, and bad lines are named. */
class ConfigFileTest {

  @Command(name = "demo")
  static final class Demo implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "<supernode_ip>")
    String host;

    @Option(names = "--port", converter = Cli.Port.class)
    int port = 9091;

    @Option(names = "--bits")
    int bits = 6;

    @Option(names = "--nodes")
    Path nodes = Path.of("compute_node.txt");

    @Option(names = "--no-early-stop")
    boolean noEarlyStop;

    @Mixin
    MetricsOptions metrics = new MetricsOptions();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      return 0;
    }
  }

  @TempDir
  Path folder;

  private final StringWriter err = new StringWriter();

  private Path config(String name, String... lines) throws IOException {
    Path file = folder.resolve(name);
    Files.write(file, java.util.List.of(lines), StandardCharsets.UTF_8);
    return file;
  }

  private int run(Demo demo, String... args) {
    CommandLine line = Cli.commandLine(demo);
    line.setErr(new PrintWriter(err, true));
    line.setOut(new PrintWriter(new StringWriter(), true));
    return line.execute(args);
  }

  @Test
  void theFileSetsOptionsParametersFlagsAndMixinsNotOnTheCommandLine() throws IOException {
    Path file = config("demo.properties", "# a comment", "", "supernode_ip = 10.0.0.1", "port = 9100",
        "  bits: 8  ", "no-early-stop = true", "metrics-port = 9400");
    Demo demo = new Demo();

    int code = run(demo, "--config", file.toString());

    assertThat(code).isZero();
    assertThat(demo.host).isEqualTo("10.0.0.1");
    assertThat(demo.port).isEqualTo(9100);
    assertThat(demo.bits).isEqualTo(8);
    assertThat(demo.noEarlyStop).isTrue();
    assertThat(Cli.given(demo.spec, "--metrics-port")).isTrue();
    assertThat(Cli.given(demo.spec, "--nodes")).isFalse();
  }

  @Test
  void aFlagOnTheCommandLineOverridesTheFileWhereverItStands() throws IOException {
    Path file = config("demo.properties", "port = 9100", "bits = 8");
    Demo before = new Demo();
    Demo after = new Demo();

    run(before, "--port", "9200", "--config", file.toString());
    run(after, "--config=" + file, "--port=9200");

    assertThat(before.port).isEqualTo(9200);
    assertThat(after.port).isEqualTo(9200);
    assertThat(before.bits).isEqualTo(8);
    assertThat(after.bits).isEqualTo(8);
  }

  @Test
  void aLaterConfigReplacesAnEarlierOne() throws IOException {
    Path release = config("release.properties", "port = 9100", "bits = 8");
    Path mine = config("mine.properties", "port = 9300");
    Demo demo = new Demo();

    run(demo, "--config", release.toString(), "--config", mine.toString());

    assertThat(demo.port).isEqualTo(9300);
    assertThat(demo.bits).as("only the last file counts").isEqualTo(6);
  }

  @Test
  void withoutTheFileTheDefaultsOfTheProgramHold() {
    Demo demo = new Demo();

    run(demo);

    assertThat(demo.port).isEqualTo(9091);
    assertThat(demo.nodes).isEqualTo(Path.of("compute_node.txt"));
    assertThat(Cli.given(demo.spec, "--port")).isFalse();
  }

  @Test
  void aRelativePathInTheFileIsReadAgainstTheFilesFolder() throws IOException {
    Path file = config("demo.properties", "nodes = compute_node.txt");
    Demo demo = new Demo();

    run(demo, "--config", file.toString());

    assertThat(demo.nodes).isEqualTo(folder.toAbsolutePath().resolve("compute_node.txt"));
  }

  @Test
  void anUnknownKeyIsAnErrorNamingTheFileTheLineAndTheKey() throws IOException {
    Path file = config("demo.properties", "# ports", "port = 9100", "prot = 9101");

    int code = run(new Demo(), "--config", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("error: " + file + ":3: unknown key 'prot'").contains("bits, metrics-bind, metrics-port")
        .doesNotContain("Usage:");
  }

  @Test
  void aValueOfTheWrongTypeIsAnErrorNamingTheFileTheLineAndTheKey() throws IOException {
    Path file = config("demo.properties", "bits = 8", "port = ninety");

    int code = run(new Demo(), "--config", file.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("error: " + file + ":2: key 'port': ").contains("'ninety' is not a port number")
        .doesNotContain("Usage:");
  }

  @Test
  void aWrongValueInTheFileIsNoErrorWhenTheCommandLineOverridesIt() throws IOException {
    Path file = config("demo.properties", "port = ninety");
    Demo demo = new Demo();

    int code = run(demo, "--config", file.toString(), "--port", "9200");

    assertThat(code).isZero();
    assertThat(demo.port).isEqualTo(9200);
  }

  @Test
  void aWrongValueOnTheCommandLineIsNotBlamedOnTheFile() throws IOException {
    Path file = config("demo.properties", "port = 9100");

    int code = run(new Demo(), "--config", file.toString(), "--port", "ninety");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("error: Invalid value for option '--port'").doesNotContain(file.toString());
  }

  @Test
  void aKeyGivenTwiceOrALineWithoutValueIsAnErrorWithItsLine() throws IOException {
    Path twice = config("twice.properties", "port = 9100", "bits = 7", "port = 9101");
    Path noValue = config("novalue.properties", "bits =");
    Path noKey = config("nokey.properties", "just words");

    assertThat(run(new Demo(), "--config", twice.toString())).isEqualTo(2);
    assertThat(run(new Demo(), "--config", noValue.toString())).isEqualTo(2);
    assertThat(run(new Demo(), "--config", noKey.toString())).isEqualTo(2);

    assertThat(err.toString()).contains(twice + ":3: key 'port' is already set on line 1")
        .contains(noValue + ":1: key 'bits' has no value")
        .contains(noKey + ":1: expected 'key = value', found 'just words'");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = folder.resolve("absent.properties");

    int code = run(new Demo(), "--config", missing.toString());

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("no configuration file " + missing);
  }

  @Test
  void helpAndVersionAndConfigItselfAreNoKeys() {
    CommandLine line = Cli.commandLine(new ClientLike());

    assertThat(ConfigFile.keys(line.getCommandSpec())).containsOnlyKeys("rounds");
  }

  @Command(name = "client-like", mixinStandardHelpOptions = true, version = "1")
  static final class ClientLike {
    @Option(names = {"-r", "--rounds"})
    Integer rounds;
  }
}
