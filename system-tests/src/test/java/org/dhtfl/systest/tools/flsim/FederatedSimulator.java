package org.dhtfl.systest.tools.flsim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.ml.calibration.DiscriminantHead;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.AggregationStrategy;
import org.dhtfl.ml.federated.ClientFailure;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ml.federated.ServerState;

/**
 * A federated run in one process, without a ring: what the client's --rounds does, with the
 * nodes' training done here. Each round takes the round's files ({@link Participation}), trains each
 * from the global model with ml-core's {@link Trainer} and the run's options (as a node does; FedProx's
 * proximal term from the strategy, as the client's job spec carries it), lists
 * the results in name order and the unreadable files as failures (as the round engine does),
 * aggregates them with the strategy that {@link StrategySettings#create()} makes for the client and
 * the server state of the last round, and validates the new model.
 */
public final class FederatedSimulator implements AutoCloseable {

  /** One training file: its name and rows, or why it cannot be trained (an empty shard). */
  public record Shard(String name, Optional<Dataset> data, String problem) {
    public Shard {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(data, "data");
    }
  }

  /** The results of these files replaced by their change times -scale: scaled and sign-flipped. */
  public record Poison(List<String> files, double scale) {
    public static final Poison NONE = new Poison(List.of(), 1);

    public Poison {
      files = List.copyOf(files);
    }

    /** {@code count} files spread evenly over the list (indexes i * n / count), changes scaled by -scale. */
    public static Poison spread(List<String> all, int count, double scale) {
      List<String> chosen = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        chosen.add(all.get(i * all.size() / count));
      }
      return new Poison(chosen, scale);
    }

    ClientResult apply(ClientResult result) {
      return files.contains(result.source())
          ? new ClientResult(result.source(), result.delta().scaled(-scale), result.rows())
          : result;
    }
  }

  /**
   * The validation error after each round (index 0: round 1), the error of the same models on all the
   * training rows (what the nodes could measure on their own rows and send back: a federated evaluation,
   * to choose settings without the validation file), the time of the run, and the model it delivers
   * after the last round (with calibration, the calibrated one).
   */
  public record Run(double[] errors, double[] trainingErrors, long millis, Weights model) {
  }

  private final List<Shard> shards;
  private final Dataset validation;
  private final TrainingConfig training;
  private final ExecutorService pool;
  private final Dataset allRows;

  public FederatedSimulator(List<Shard> shards, Dataset validation, TrainingConfig training, int threads) {
    this.shards = List.copyOf(shards);
    this.validation = Objects.requireNonNull(validation, "validation");
    this.training = Objects.requireNonNull(training, "training");
    this.pool = Executors.newFixedThreadPool(threads);
    this.allRows = Dataset.concat("all training rows", this.shards.stream().flatMap(s -> s.data().stream()).toList());
  }

  /** The training files of {@code dataDir} as the client lists them; a file that cannot be read stays, as a failure. */
  public static List<Shard> shards(Path dataDir, int classes) throws IOException {
    List<Shard> shards = new ArrayList<>();
    for (String name : DataFiles.list(dataDir, 0)) {
      try {
        shards.add(new Shard(name, Optional.of(CsvData.read(dataDir.resolve(name), classes)), ""));
      } catch (IOException | IllegalArgumentException e) {
        shards.add(new Shard(name, Optional.empty(), String.valueOf(e.getMessage())));
      }
    }
    return shards;
  }

  public List<String> names() {
    return shards.stream().map(Shard::name).toList();
  }

  /** Runs {@code rounds} rounds from the configured start weights. */
  public Run run(StrategySettings strategySettings, Participation participation, int rounds, Poison poison)
      throws InterruptedException {
    return run(strategySettings, participation, rounds, poison, HeadCalibration.NONE);
  }

  /** Runs {@code rounds} rounds, refitting the output layer as {@code calibration} says. */
  public Run run(StrategySettings strategySettings, Participation participation, int rounds, Poison poison,
      HeadCalibration calibration) throws InterruptedException {
    return run(strategySettings, training.options(), participation, rounds, poison, calibration);
  }

  /**
   * Runs {@code rounds} rounds in which the nodes train with {@code options} (a run's --epochs, --eta ...)
   * instead of the configured ones, and the strategy's own term (FedProx's mu) added, as the client does.
   */
  public Run run(StrategySettings strategySettings, TrainingOptions options, Participation participation, int rounds,
      Poison poison, HeadCalibration calibration) throws InterruptedException {
    long started = System.nanoTime();
    AggregationStrategy strategy = strategySettings.create();
    TrainingOptions local = strategySettings.localTraining(options);
    Aggregate state = new Aggregate(training.startWeights(validation.features()), ServerState.EMPTY);
    double[] errors = new double[rounds];
    double[] trainingErrors = new double[rounds];
    Best best = new Best();
    if (calibration == HeadCalibration.SELECT_BEST) {
      best.offer(state.model());
      best.offer(calibrate(state.model(), HeadCalibration.REPLACE_LAST));
    }
    Weights reported = state.model();
    for (int round = 1; round <= rounds; round++) {
      List<String> chosen = participation.choose(names(), round);
      List<ClientResult> results = new ArrayList<>();
      List<ClientFailure> failures = new ArrayList<>();
      train(state.model(), local, chosen, results, failures);
      List<ClientResult> delivered = results.stream().map(poison::apply).toList();
      state = strategy.aggregate(state.model(), state.state(), delivered, failures);
      reported = state.model();
      if (calibration == HeadCalibration.SELECT_BEST) {
        best.offer(state.model());
        best.offer(calibrate(state.model(), HeadCalibration.REPLACE_LAST));
        reported = best.model;
      } else if (calibration.everyRound() || round == rounds && calibration != HeadCalibration.NONE) {
        state = new Aggregate(calibrate(state.model(), calibration), state.state());
        reported = state.model();
      }
      errors[round - 1] = Trainer.errorRate(reported, validation);
      trainingErrors[round - 1] = Trainer.errorRate(reported, allRows);
    }
    return new Run(errors, trainingErrors, (System.nanoTime() - started) / 1_000_000, reported);
  }

  private void train(Weights global, TrainingOptions local, List<String> chosen, List<ClientResult> results,
      List<ClientFailure> failures) throws InterruptedException {
    List<Future<TrainingResult>> trainings = new ArrayList<>();
    List<Shard> round = shards.stream().filter(s -> chosen.contains(s.name())).toList();
    for (Shard shard : round) {
      trainings.add(shard.data().isPresent()
          ? pool.submit(() -> Trainer.train(global, shard.data().get(), local))
          : null);
    }
    for (int i = 0; i < round.size(); i++) {
      Shard shard = round.get(i);
      if (trainings.get(i) == null) {
        failures.add(new ClientFailure(shard.name(), shard.problem()));
        continue;
      }
      try {
        TrainingResult trained = trainings.get(i).get();
        results.add(new ClientResult(shard.name(), trained.delta(), trained.rows()));
      } catch (ExecutionException e) {
        failures.add(new ClientFailure(shard.name(), String.valueOf(e.getCause().getMessage())));
      }
    }
  }

  /** The candidate of fewest mistakes on all the training rows so far; the first of equals. */
  private final class Best {
    Weights model;
    double trainingError = Double.POSITIVE_INFINITY;

    void offer(Weights candidate) {
      double error = Trainer.errorRate(candidate, allRows);
      if (error < trainingError) {
        model = candidate;
        trainingError = error;
      }
    }
  }

  /**
   * The model with its output layer refit from the class statistics of every file's rows (as the
   * client's --calibrate-head asks every file, also with --fraction), summed in name order.
   */
  private Weights calibrate(Weights model, HeadCalibration calibration) throws InterruptedException {
    List<Future<ClassStatistics>> parts = new ArrayList<>();
    for (Shard shard : shards) {
      if (shard.data().isPresent()) {
        parts.add(pool.submit(() -> ClassStatistics.of(model, shard.data().get())));
      }
    }
    ClassStatistics all = null;
    for (Future<ClassStatistics> part : parts) {
      try {
        all = all == null ? part.get() : all.plus(part.get());
      } catch (ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      }
    }
    if (all == null) {
      return model;
    }
    Weights refit = DiscriminantHead.fit(model, all);
    return switch (calibration) {
      case NONE, SELECT_BEST -> model;
      case REPLACE_LAST, REPLACE_EVERY -> refit;
      case SELECT_LAST, SELECT_EVERY ->
          Trainer.errorRate(refit, allRows) < Trainer.errorRate(model, allRows) ? refit : model;
      case BLEND_LAST -> Weights.of(model.shape(), model.plus(refit).scaled(0.5).v(), model.w());
    };
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
