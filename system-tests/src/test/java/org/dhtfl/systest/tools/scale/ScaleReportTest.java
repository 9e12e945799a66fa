package org.dhtfl.systest.tools.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScaleReportTest {

  @Test
  void theFitFindsTheCoefficientsOfRoundTimesThatFollowTheModelExactly() {
    List<ScaleReport.Row> rows = new ArrayList<>();
    for (int n : new int[] {3, 8, 16, 32}) {
      for (int s : new int[] {33, 330}) {
        rows.add(new ScaleReport.Row(n, s, 1.5 + 0.004 * s + 0.05 * n + 0.0002 * s * n, 0, 0, 0));
      }
    }

    double[] model = ScaleReport.fit(rows);

    assertThat(model[0]).isCloseTo(1.5, within(1e-9));
    assertThat(model[1]).isCloseTo(0.004, within(1e-12));
    assertThat(model[2]).isCloseTo(0.05, within(1e-10));
    assertThat(model[3]).isCloseTo(0.0002, within(1e-12));
  }
}
