package org.dhtfl.systest.tools.flsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

  @Test
  void aLabelWithACommaIsOneQuotedFieldOfTheCsv() {
    FederatedSimulator.Run run = new FederatedSimulator.Run(new double[] {0.5}, new double[] {0.25}, 1, null);
    Map<String, FederatedSimulator.Run> runs = new LinkedHashMap<>();
    runs.put("fedavg", run);
    runs.put("fedavg, fraction 0.3", run);

    String csv = new BenchReport(1).csv(Map.of("iid", runs), Map.of());

    assertThat(csv.lines()).containsExactly("split,strategy,poisoned,round,validation_error,training_error",
        "iid,fedavg,false,1,0.500000,0.250000", "iid,\"fedavg, fraction 0.3\",false,1,0.500000,0.250000");
  }

  @Test
  void aQuoteInsideAFieldIsDoubled() {
    assertThat(BenchReport.csvField("say \"x\"")).isEqualTo("\"say \"\"x\"\"\"");
    assertThat(BenchReport.csvField("plain")).isEqualTo("plain");
  }
}
