package org.dhtfl.client.runfolder;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.client.aggregation.Participation;
import org.dhtfl.client.aggregation.ServerOptimizerKind;
import org.dhtfl.client.aggregation.Strategy;
import org.dhtfl.client.aggregation.StrategyParam;
import org.dhtfl.client.aggregation.StrategySettings;
import org.dhtfl.client.run.FederatedTraining;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Optimizer;
import org.dhtfl.ml.Standardization;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.rpc.RpcSettings;

/**
 * run.json's {@code options}: every option of the run, the start weights' source among them. A
 * field that is null is not written: the minibatch step's fields for the reference's step,
 * {@code layers} for one hidden layer, {@code standardize} when off, the standardisation until it
 * is gathered, and the fields a run.json recorded before they existed.
 *
 * @param strategySettings the strategy's and server optimizer's settings by their run.json names, as
 *                         {@link StrategyParam#json()} gives them, and any field this version does not
 *                         know, kept as read
 */
@JsonPropertyOrder({"data_dir", "validation_file", "files", "rounds", "model", "hidden", "layers", "classes", "epochs",
    "eta", "eta_per_row", "momentum", "early_stop", "batch", "optimizer", "standardize", "feature_mean",
    "feature_scale", "seed", "init", "min_fraction", "round_timeout_s", "fraction", "strategy", "server_optimizer",
    "strategy_settings", "calibrate_head", "describe"})
record RunOptions(String dataDir, String validationFile, int files, int rounds, String model, int hidden,
    List<Integer> layers, int classes, int epochs, double eta, boolean etaPerRow, double momentum, boolean earlyStop,
    Integer batch, String optimizer, Boolean standardize, double[] featureMean, double[] featureScale, long seed,
    String init, double minFraction, long roundTimeoutS, Double fraction, String strategy, String serverOptimizer,
    @JsonAnyGetter @JsonAnySetter Map<String, Object> strategySettings, Boolean calibrateHead, String describe) {

  RunOptions {
    strategySettings = inDeclaredOrder(strategySettings);
  }

  /** The settings in the order the strategies declare them (Jackson reads them into a map of its own order). */
  private static Map<String, Object> inDeclaredOrder(Map<String, Object> read) {
    Map<String, Object> ordered = new LinkedHashMap<>();
    if (read != null) {
      for (StrategyParam param : StrategyParam.all()) {
        if (read.containsKey(param.json())) {
          ordered.put(param.json(), read.get(param.json()));
        }
      }
      read.forEach(ordered::putIfAbsent);
    }
    return Collections.unmodifiableMap(ordered);
  }

  static RunOptions of(FederatedTraining.Settings s) {
    TrainingConfig t = s.training();
    TrainingOptions o = t.options();
    Map<String, Object> strategySettings = new LinkedHashMap<>();
    s.strategy().values().forEach((param, value) ->
        strategySettings.put(param.json(), param.integral() ? (Object) value.longValue() : value));
    return new RunOptions(s.dataDir().toAbsolutePath().normalize().toString(),
        s.validation().toAbsolutePath().normalize().toString(), s.maxFiles(), s.rounds(), t.kind().label(),
        t.hidden(), t.layers().size() > 1 ? t.layers() : null, t.classes(), o.epochs(), o.eta(), o.etaPerRow(),
        o.momentum(), o.earlyStop(), o.referenceStep() ? null : o.batch(),
        o.referenceStep() ? null : o.optimizer().label(), s.standardize() ? true : null,
        t.standardization().map(Standardization::mean).orElse(null),
        t.standardization().map(Standardization::scale).orElse(null), t.seed(), t.init().label(), s.minFraction(),
        s.roundTimeout().toSeconds(), s.participation().fraction(), s.strategy().strategy().toString(),
        s.strategy().optimizer().toString(), strategySettings, s.calibrateHead(),
        FederatedTraining.describe(t) + "; " + s.strategy().describe()
            + (s.calibrateHead() ? "; " + FederatedTraining.CALIBRATED : ""));
  }

  /** The run's settings as recorded; fails naming a field that is missing or wrong. */
  FederatedTraining.Settings settings(RpcSettings rpc) {
    ModelKind kind = ModelKind.parse(required(model, "model"));
    StrategySettings recorded = recordedStrategy();
    TrainingOptions training = recorded.localTraining(TrainingOptions.defaults().withEpochs(epochs)
        .withEta(eta).withMomentum(momentum).withEarlyStop(earlyStop).withEtaPerRow(etaPerRow)
        .withBatch(batch != null ? batch : 0)
        .withOptimizer(optimizer != null ? Optimizer.parse(optimizer) : Optimizer.SGD));
    List<Integer> widths = new ArrayList<>();
    if (layers != null) {
      widths.addAll(layers);
    } else if (kind == ModelKind.MLP) {
      widths.add(hidden);
    }
    TrainingConfig config = new TrainingConfig(kind, widths, classes, seed, training,
        StartWeights.parse(required(init, "init")), standardization());
    // Runs recorded before --fraction, --calibrate-head and --standardize had none of them.
    return new FederatedTraining.Settings(Path.of(required(dataDir, "data_dir")),
        Path.of(required(validationFile, "validation_file")), files, rounds, config, minFraction,
        Duration.ofSeconds(roundTimeoutS), recorded,
        new Participation(fraction != null ? fraction : 1.0, config.seed()), Boolean.TRUE.equals(calibrateHead),
        Boolean.TRUE.equals(standardize), rpc);
  }

  /** The standardisation recorded, if one is. */
  Optional<Standardization> standardization() {
    if (featureMean == null) {
      return Optional.empty();
    }
    return Optional.of(new Standardization(featureMean, required(featureScale, "feature_scale")));
  }

  private StrategySettings recordedStrategy() {
    Strategy named = Strategy.parse(required(strategy, "strategy"));
    Optional<ServerOptimizerKind> server = named.robust() && serverOptimizer != null
        ? Optional.of(ServerOptimizerKind.parse(serverOptimizer)) : Optional.empty();
    Map<StrategyParam, Number> given = new LinkedHashMap<>();
    for (StrategyParam param : StrategyParam.all()) {
      Object value = strategySettings.get(param.json());
      if (value != null) {
        if (!(value instanceof Number number)) {
          throw new IllegalArgumentException("'" + param.json() + "' is not a number");
        }
        given.put(param, number);
      }
    }
    return StrategySettings.of(named, server, given);
  }

  private static <T> T required(T value, String field) {
    if (value == null) {
      throw new IllegalArgumentException("'" + field + "' is missing");
    }
    return value;
  }
}
