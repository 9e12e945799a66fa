package org.dhtfl.chord.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SimRingMainTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

  private int run(String... args) {
    return SimRingMain.run(new PrintStream(bytes, true, StandardCharsets.UTF_8), args);
  }

  private String out() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void aPartitionedRingIsTwoRingsWhileSplitAndOneIdealRingAfterHealing() {
    int status = run("--nodes", "64", "--bits", "12", "--successors", "4", "--lookups", "300", "--partition", "0.5");

    assertThat(status).as(out()).isZero();
    assertThat(out()).contains("partition: 32 and 32 nodes").contains("ideal: true").contains("lookups_wrong: 0");
    Matcher merged = Pattern.compile("rounds_to_one_ring: (-?\\d+)").matcher(out());
    assertThat(merged.find()).as(out()).isTrue();
    assertThat(Integer.parseInt(merged.group(1))).isBetween(1, 100);
    assertThat(out()).containsPattern("rounds_to_two_rings: \\d+");
  }

  @Test
  void aPartitionFractionOutsideTheOpenIntervalIsRefusedNamingTheOption() {
    int status = run("--nodes", "8", "--partition", "1.5");

    assertThat(status).isNotZero();
  }
}
