package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

class VectorApiTest {

  @Test
  void theVectorPassRunsOnlyWhenWantedWithTheModuleAndTheTrapLimit() {
    assertThat(VectorApi.usable(true, true, () -> VectorApi.TRAP_LIMIT)).isTrue();
    assertThat(VectorApi.usable(true, true, () -> 100)).as("the JVM's default trap limit").isFalse();
    assertThat(VectorApi.usable(true, false, () -> VectorApi.TRAP_LIMIT)).as("no module").isFalse();
    assertThat(VectorApi.usable(false, true, () -> VectorApi.TRAP_LIMIT)).as("turned off").isFalse();
  }

  @Test
  void theTrapLimitIsTheJvmsOption() {
    boolean raised = ManagementFactory.getRuntimeMXBean().getInputArguments()
        .contains("-XX:PerMethodTrapLimit=" + VectorApi.TRAP_LIMIT);

    assertThat(VectorApi.trapLimit()).isEqualTo(raised ? VectorApi.TRAP_LIMIT : 100);
  }
}
