package org.dhtfl.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import org.dhtfl.metrics.Metrics;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

class MetricsOptionsTest {

  @Command(name = "program")
  static final class Program {
    @Mixin
    MetricsOptions metrics = new MetricsOptions();
  }

  private static MetricsOptions parse(String... args) {
    Program program = new Program();
    new CommandLine(program).parseArgs(args);
    return program.metrics;
  }

  @Test
  void withoutAPortNoMetricsAreRequestedOrServed() throws IOException {
    MetricsOptions options = parse();

    assertThat(options.requested()).isFalse();
    assertThat(options.serve(Metrics.unexposed(), InetAddress.getLoopbackAddress())).isEmpty();
  }

  @Test
  void aPortRequestsThem() {
    assertThat(parse("--metrics-port", "9100").requested()).isTrue();
  }
}
