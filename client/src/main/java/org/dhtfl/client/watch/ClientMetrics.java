package org.dhtfl.client.watch;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.List;
import org.dhtfl.metrics.Metrics;

/** The client's metrics, kept from what it hears of its run: rounds, files done, round time, validation error. */
public final class ClientMetrics implements RunListener {

  private static final double[] ROUND_SECONDS = {1, 2.5, 5, 10, 20, 30, 60, 120, 300, 600, 1200};

  private final Gauge rounds;
  private final Gauge round;
  private final Gauge roundFiles;
  private final Gauge roundFilesDone;
  private final Counter filesDone;
  private final Counter roundsDone;
  private final Histogram roundSeconds;
  private final Gauge validationError;
  private int doneInRound;

  public ClientMetrics(Metrics metrics) {
    PrometheusRegistry registry = metrics.registry();
    rounds = Gauge.builder().name("dhtfl_client_rounds").help("Rounds the run has").register(registry);
    round = Gauge.builder().name("dhtfl_client_round").help("The round running, or the last one").register(registry);
    roundFiles = Gauge.builder().name("dhtfl_client_round_files").help("Files of the round").register(registry);
    roundFilesDone = Gauge.builder().name("dhtfl_client_round_files_done")
        .help("Files of the round with their final result").register(registry);
    filesDone = Counter.builder().name("dhtfl_client_files_done_total")
        .help("Files that got their final result, over all rounds").register(registry);
    roundsDone = Counter.builder().name("dhtfl_client_rounds_finished_total").help("Rounds finished")
        .register(registry);
    roundSeconds = Histogram.builder().name("dhtfl_client_round_duration_seconds").help("Time a round took")
        .classicOnly().classicUpperBounds(ROUND_SECONDS).register(registry);
    validationError = Gauge.builder().name("dhtfl_client_validation_error_ratio")
        .help("Validation error of the global model after the last round, as a fraction").register(registry);
  }

  @Override
  public void started(String runId, String mode, int roundCount) {
    rounds.set(roundCount);
  }

  @Override
  public synchronized void submitted(int number, List<String> files) {
    round.set(number);
    roundFiles.set(files.size());
    roundFilesDone.set(0);
    doneInRound = 0;
  }

  @Override
  public synchronized void finished(int finished, int total) {
    if (finished > doneInRound) {
      filesDone.inc(finished - doneInRound);
      doneInRound = finished;
    }
    roundFilesDone.set(finished);
  }

  @Override
  public void roundDone(int number, int done, double error, long millis) {
    roundsDone.inc();
    roundSeconds.observe(millis / 1000.0);
    validationError.set(error);
  }
}
