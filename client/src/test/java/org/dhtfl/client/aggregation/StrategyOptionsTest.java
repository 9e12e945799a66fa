package org.dhtfl.client.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.OptionSpec;

class StrategyOptionsTest {

  @Command(name = "host")
  static final class Host {
    @Mixin
    StrategyOptions aggregation = new StrategyOptions();
  }

  private static StrategySettings parse(String... args) {
    Host host = new Host();
    new CommandLine(host).parseArgs(args);
    return host.aggregation.settings();
  }

  @Test
  void everyDeclaredSettingIsAnOptionOfTheHostCarryingItsSetting() {
    CommandLine line = new CommandLine(new Host());

    for (StrategyParam param : StrategyParam.all()) {
      OptionSpec option = line.getCommandSpec().findOption(param.option());
      assertThat(option).as(param.option()).isNotNull();
      assertThat(option.userObject()).isSameAs(param);
      assertThat(option.description()).containsExactly(param.description());
    }
    assertThat(StrategyParam.all()).extracting(StrategyParam::option).containsExactly("--server-lr",
        "--server-momentum", "--tau", "--beta1", "--beta2", "--mu", "--trim", "--byzantine");
  }

  @Test
  void theSettingsGivenReachTheStrategyAndTheOthersTakeTheirDefaults() {
    StrategySettings trimmed = parse("--strategy", "trimmed-mean", "--server-optimizer", "adam", "--trim", "0.2",
        "--tau", "0.5");
    StrategySettings krum = parse("--strategy", "krum", "--byzantine", "2");

    assertThat(trimmed.values()).containsExactly(Map.entry(ServerOptimizerKind.Param.SERVER_LR, 0.3),
        Map.entry(ServerOptimizerKind.Param.TAU, 0.5), Map.entry(ServerOptimizerKind.Param.BETA1, 0.9),
        Map.entry(ServerOptimizerKind.Param.BETA2, 0.99), Map.entry(Strategy.Param.TRIM, 0.2));
    assertThat(krum.value(Strategy.Param.BYZANTINE)).isEqualTo(2);
    assertThat(parse()).isEqualTo(StrategySettings.fedAvg());
  }

  @Test
  void aCountTakesWholeNumbersOnlyAndASettingOfAnotherStrategyIsRefused() {
    assertThatThrownBy(() -> parse("--strategy", "krum", "--byzantine", "1.5"))
        .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("'1.5' is not an int");
    assertThatThrownBy(() -> parse("--mu", "0.1")).hasMessage("--mu applies to fedprox; not to --strategy fedavg");
  }
}
