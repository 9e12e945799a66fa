package org.dhtfl.client.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.federated.Aggregate;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ml.federated.ServerState;
import org.junit.jupiter.api.Test;

class StrategySettingsTest {

  private static final ModelShape SHAPE = ModelShape.logistic(1, 2);

  private static Weights all(double value) {
    return Weights.of(SHAPE, new double[] {value, value, value, value}, new double[0]);
  }

  @Test
  void fedAvgHasNoSettingsAndThePlainStep() {
    StrategySettings fedAvg = StrategySettings.fedAvg();

    assertThat(fedAvg.optimizer()).isEqualTo(ServerOptimizerKind.PLAIN);
    assertThat(fedAvg.values()).isEmpty();
    assertThat(fedAvg.describe()).isEqualTo("fedavg");
  }

  @Test
  void theSettingsThatApplyTakeTheirDefaultsUnlessGiven() {
    StrategySettings fedAvgM = StrategySettings.of(Strategy.FEDAVGM, Optional.empty(),
        Map.of(ServerOptimizerKind.Param.SERVER_MOMENTUM, 0.9));
    StrategySettings fedYogi = StrategySettings.of(Strategy.FEDYOGI, Optional.empty(), Map.of());

    assertThat(fedAvgM.values()).containsExactly(Map.entry(ServerOptimizerKind.Param.SERVER_LR, 1.0),
        Map.entry(ServerOptimizerKind.Param.SERVER_MOMENTUM, 0.9));
    assertThat(fedAvgM.describe()).isEqualTo("fedavgm (server lr 1.0, server momentum 0.9)");
    assertThat(fedYogi.values()).containsOnlyKeys(ServerOptimizerKind.Param.SERVER_LR, ServerOptimizerKind.Param.TAU, ServerOptimizerKind.Param.BETA1,
        ServerOptimizerKind.Param.BETA2);
    assertThat(fedYogi.value(ServerOptimizerKind.Param.SERVER_LR)).isEqualTo(0.3);
    assertThat(fedYogi.value(ServerOptimizerKind.Param.TAU)).isEqualTo(0.1);
  }

  @Test
  void aRobustStrategyTakesTheSettingsOfItsServerOptimizer() {
    StrategySettings median = StrategySettings.of(Strategy.MEDIAN, Optional.of(ServerOptimizerKind.MOMENTUM),
        Map.of(ServerOptimizerKind.Param.SERVER_LR, 0.5));
    StrategySettings krum = StrategySettings.of(Strategy.MULTI_KRUM, Optional.empty(), Map.of(Strategy.Param.BYZANTINE, 3));

    assertThat(median.describe()).isEqualTo("median under momentum (server lr 0.5, server momentum 0.5)");
    assertThat(krum.describe()).isEqualTo("multi-krum (byzantine 3)");
  }

  @Test
  void aSettingOfAnotherStrategyIsRefusedNamingWhereItApplies() {
    assertThatThrownBy(() -> StrategySettings.of(Strategy.FEDAVGM, Optional.empty(), Map.of(ServerOptimizerKind.Param.TAU, 0.1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--tau applies to fedadam and fedyogi, and to a robust strategy under --server-optimizer adam or "
            + "yogi; not to --strategy fedavgm");
    assertThatThrownBy(() -> StrategySettings.of(Strategy.MEDIAN, Optional.empty(), Map.of(ServerOptimizerKind.Param.SERVER_LR, 1)))
        .hasMessageEndingWith("not to --strategy median with the plain server optimizer");
    assertThatThrownBy(() -> StrategySettings.of(Strategy.FEDAVG, Optional.empty(), Map.of(Strategy.Param.TRIM, 0.1)))
        .hasMessage("--trim applies to trimmed-mean; not to --strategy fedavg");
  }

  @Test
  void fedProxTrainsTheNodesWithItsProximalTermAndTheOthersWithout() {
    TrainingOptions reference = TrainingOptions.defaults();
    StrategySettings fedProx = StrategySettings.of(Strategy.FEDPROX, Optional.empty(), Map.of(Strategy.Param.MU, 0.1));

    assertThat(fedProx.localTraining(reference)).isEqualTo(reference.withMu(0.1));
    assertThat(StrategySettings.of(Strategy.FEDPROX, Optional.empty(), Map.of()).localTraining(reference).mu())
        .isEqualTo(0.01);
    assertThat(StrategySettings.fedAvg().localTraining(reference.withMu(0.5))).isEqualTo(reference);
    assertThatThrownBy(() -> StrategySettings.of(Strategy.FEDAVGM, Optional.empty(), Map.of(Strategy.Param.MU, 0.1)))
        .hasMessage("--mu applies to fedprox; not to --strategy fedavgm");
  }

  @Test
  void fedAvgMsNodesTrainWithHalfTheStepAndTheSameLongRunStepTheOthersWithTheReferences() {
    TrainingOptions reference = TrainingOptions.defaults();
    TrainingOptions fedAvgM = StrategySettings.of(Strategy.FEDAVGM, Optional.empty(), Map.of()).localDefaults();

    assertThat(fedAvgM).isEqualTo(reference.withEta(5e-5).withMomentum(0.85));
    assertThat(fedAvgM.eta() / (1 - fedAvgM.momentum())).isCloseTo(reference.eta() / (1 - reference.momentum()),
        org.assertj.core.api.Assertions.within(1e-12));
    assertThat(StrategySettings.fedAvg().localDefaults()).isEqualTo(reference);
    assertThat(StrategySettings.of(Strategy.MEDIAN, Optional.of(ServerOptimizerKind.MOMENTUM), Map.of()).localDefaults())
        .isEqualTo(reference);
  }

  @Test
  void aServerOptimizerUnderAStrategyWithItsOwnIsRefused() {
    assertThatThrownBy(() -> StrategySettings.of(Strategy.FEDADAM, Optional.of(ServerOptimizerKind.YOGI), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--strategy fedadam has its own");
  }

  @Test
  void valuesOutOfRangeAreRefusedNamingTheOption() {
    assertThatThrownBy(() -> StrategySettings.of(Strategy.TRIMMED_MEAN, Optional.empty(), Map.of(Strategy.Param.TRIM, 0.5)))
        .hasMessage("--trim 0.5 must be in [0, 0.5)");
    assertThatThrownBy(() -> StrategySettings.of(Strategy.FEDAVGM, Optional.empty(),
        Map.of(ServerOptimizerKind.Param.SERVER_MOMENTUM, 1.0))).hasMessage("--server-momentum 1.0 must be in [0, 1)");
    assertThatThrownBy(() -> StrategySettings.of(Strategy.KRUM, Optional.empty(), Map.of(Strategy.Param.BYZANTINE, -1)))
        .hasMessage("--byzantine -1 must be a whole number, at least 0");
  }

  @Test
  void theCreatedStrategyStepsAsItsSettingsSay() {
    // fedavgm, lr 0.5, momentum 0.5: the mean change 2 moves the model by 0.5 * 2 and is kept as momentum
    StrategySettings fedAvgM = StrategySettings.of(Strategy.FEDAVGM, Optional.empty(),
        Map.of(ServerOptimizerKind.Param.SERVER_LR, 0.5));
    List<ClientResult> results = List.of(new ClientResult("a", all(1), 1), new ClientResult("b", all(3), 1));

    Aggregate next = fedAvgM.create().aggregate(all(0), ServerState.EMPTY, results, List.of());

    assertThat(next.model()).isEqualTo(all(1));
    assertThat(next.state().get("momentum")).hasValue(new double[] {2, 2, 2, 2});
  }
}
