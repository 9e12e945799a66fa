package org.dhtfl.client.watch;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.dhtfl.metrics.Metrics;
import org.junit.jupiter.api.Test;

class RunProgressTest {

  @Test
  void theViewFollowsTheRoundsFilesAndEnd() {
    RunProgress progress = new RunProgress();

    progress.started("run-1", "rounds", 2);
    progress.submitted(1, List.of("a", "b", "c"));
    progress.finished(3, 3);
    progress.roundDone(1, 3, 0.4, 1500);
    progress.submitted(2, List.of("a", "b", "c"));
    progress.finished(1, 3);

    RunProgress.View running = progress.view();
    assertThat(running.round()).isEqualTo(2);
    assertThat(running.filesDone()).isEqualTo(1);
    assertThat(running.state()).isEqualTo("running");
    assertThat(running.curve()).containsExactly(new RunProgress.Point(1, 3, 0.4, 1.5));
    progress.ended(false, "round 2: too few files");
    assertThat(progress.view().state()).isEqualTo("failed");
    assertThat(progress.view().message()).isEqualTo("round 2: too few files");
  }

  @Test
  void bothListenersHearEverythingAndTheMetricsCountFilesOnce() {
    Metrics metrics = Metrics.unexposed();
    RunProgress progress = new RunProgress();
    RunListener both = RunListener.both(new ClientMetrics(metrics), progress);

    both.started("run-1", "rounds", 2);
    for (int round = 1; round <= 2; round++) {
      both.submitted(round, List.of("a", "b"));
      both.finished(1, 2);
      both.finished(1, 2);
      both.finished(2, 2);
      both.roundDone(round, 2, 0.25, 2000);
    }

    String text = metrics.text();
    assertThat(text).contains("dhtfl_client_files_done_total 4.0").contains("dhtfl_client_rounds_finished_total 2.0")
        .contains("dhtfl_client_round 2.0").contains("dhtfl_client_validation_error_ratio 0.25")
        .contains("dhtfl_client_round_duration_seconds_count 2");
    assertThat(progress.view().curve()).hasSize(2);
  }
}
