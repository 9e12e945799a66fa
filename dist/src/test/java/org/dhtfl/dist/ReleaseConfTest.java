package org.dhtfl.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.ConfigFile;
import org.dhtfl.client.ClientMain;
import org.dhtfl.node.server.ComputeNodeMain;
import org.dhtfl.supernode.SupernodeMain;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** The release's conf/PROGRAM.properties name every option of their program, and the program reads them. */
class ReleaseConfTest {

  private static final Path CONF = Path.of("src", "release", "conf");

  /** "key = value" or "# key = value": a setting, active or commented out with its default. */
  private static final Pattern SETTING = Pattern.compile("^#?\\s*([a-z][a-z0-9_-]*)\\s*=");

  static Stream<Arguments> programs() {
    return Stream.of(Arguments.of("supernode", new SupernodeMain()),
        Arguments.of("computenode", new ComputeNodeMain()),
        Arguments.of("client", new ClientMain()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void theFileNamesEveryOptionOfTheProgramAndNoOther(String program, Object command) throws IOException {
    Set<String> named = new TreeSet<>();
    for (String line : Files.readAllLines(CONF.resolve(program + ".properties"), StandardCharsets.UTF_8)) {
      Matcher setting = SETTING.matcher(line);
      if (setting.find()) {
        named.add(setting.group(1));
      }
    }

    Set<String> keys = ConfigFile.keys(Cli.commandLine(command).getCommandSpec()).keySet();

    assertThat(named).containsExactlyInAnyOrderElementsOf(keys);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("programs")
  void theProgramReadsTheFileAsShipped(String program, Object command) {
    CommandLine line = Cli.commandLine(command);
    StringWriter err = new StringWriter();
    line.setErr(new PrintWriter(err, true));

    int code = line.execute("--config", CONF.resolve(program + ".properties").toString(), "--version");

    assertThat(code).as(err.toString()).isZero();
    assertThat(err.toString()).isEmpty();
  }
}
