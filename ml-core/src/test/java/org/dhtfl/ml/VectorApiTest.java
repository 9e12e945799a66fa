package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VectorApiTest {

  /** HotSpot's defaults with the trap limit of the project's scripts. */
  private static Map<String, String> scriptOptions() {
    Map<String, String> options = new HashMap<>();
    options.put("PerMethodTrapLimit", "10000");
    options.put("UseCompiler", "true");
    options.put("TieredCompilation", "true");
    options.put("TieredStopAtLevel", "4");
    return options;
  }

  private static boolean compilesWell(Map<String, String> options) {
    return VectorApi.compilesWell(name -> Optional.ofNullable(options.get(name)));
  }

  @Test
  void theVectorPassNeedsTheRaisedTrapLimitAndC2() {
    Map<String, String> options = scriptOptions();
    assertThat(compilesWell(options)).isTrue();

    options.put("PerMethodTrapLimit", "100");
    assertThat(compilesWell(options)).as("the default trap limit").isFalse();

    options = scriptOptions();
    options.put("TieredStopAtLevel", "1");
    assertThat(compilesWell(options)).as("C1 alone").isFalse();

    options.put("TieredCompilation", "false");
    assertThat(compilesWell(options)).as("C2 alone, whatever the top tier").isTrue();

    options = scriptOptions();
    options.put("UseCompiler", "false");
    assertThat(compilesWell(options)).as("-Xint").isFalse();

    assertThat(compilesWell(Map.of())).as("not HotSpot").isFalse();
  }

  @Test
  void theOptionsAreThisJvms() {
    boolean raised = ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains("-XX:PerMethodTrapLimit=" + VectorApi.TRAP_LIMIT);

    assertThat(VectorApi.vmOption("PerMethodTrapLimit")).contains(raised ? "10000" : "100");
    assertThat(VectorApi.vmOption("NoSuchOption")).isEmpty();
  }
}
