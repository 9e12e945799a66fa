package org.dhtfl.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.dhtfl.cli.Cli;
import org.dhtfl.client.options.RecordedOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ClientMainTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  // call() reports its own failures on System.err rather than on the command line's writer.
  private final ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
  private PrintStream originalErr;

  @BeforeEach
  void captureSystemErr() {
    originalErr = System.err;
    System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void restoreSystemErr() {
    System.setErr(originalErr);
  }

  private int run(String... args) {
    CommandLine line = Cli.commandLine(new ClientMain());
    line.setOut(new PrintWriter(out, true));
    line.setErr(new PrintWriter(err, true));
    return line.execute(args);
  }

  @Test
  void aSupernodePortOutOfRangeIsAUsageErrorNamingThePort() {
    int code = run("127.0.0.1", "70000");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("port 70000 out of range 1..65535").contains("Usage: client");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void aPortThatIsNotANumberIsAUsageError() {
    int code = run("127.0.0.1", "ninety");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'ninety' is not a port number");
  }

  @Test
  void aMissingSupernodeIsAUsageError() {
    int code = run();

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("<supernode_ip>").contains("Usage: client");
  }

  @Test
  void aNegativeFileCountIsAUsageErrorBeforeAnythingIsContacted() {
    int code = run("127.0.0.1", "9091", "--files", "-1");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--files must be at least 0").contains("Usage: client");
  }

  @Test
  void anUnknownStrategyIsAUsageErrorWithAndWithoutRoundsBeforeAnythingIsContacted() {
    int reference = run("127.0.0.1", "9091", "--strategy", "fedmedian");
    String referenceErr = err.toString();
    int rounds = run("127.0.0.1", "9091", "--rounds", "2", "--strategy", "fedmedian");

    assertThat(reference).isEqualTo(2);
    assertThat(referenceErr).contains("'fedmedian' is not one of fedavg");
    assertThat(rounds).isEqualTo(2);
  }

  @Test
  void choicesAreListedInTheHelpAndTakenInAnyCase() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("mlp, logistic").contains("glibc, numpy").contains("fedavg");

    int code = run("127.0.0.1", "9091", "--rounds", "1", "--model", "perceptron");
    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("'perceptron' is not one of mlp, logistic");
  }

  @Test
  void trainingOptionsWithoutRoundsAreRefusedWithTheReason() {
    int code = run("127.0.0.1", "9091", "--epochs", "50");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--epochs applies to --rounds runs only")
        .contains("every node trains with its own settings");
  }

  @Test
  void timingsWithRoundsAreRefusedSinceTheyTimeTheReferenceJob() {
    int code = run("127.0.0.1", "9091", "--rounds", "2", "--timings");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--timings times the reference job only");
  }

  @Test
  void theNewModelsOptionsWithoutRoundsAreRefusedAndBadOnesNamed() {
    assertThat(run("127.0.0.1", "9091", "--standardize")).isEqualTo(2);
    assertThat(err.toString()).contains("--standardize applies to --rounds runs only");
    err.getBuffer().setLength(0);
    assertThat(run("127.0.0.1", "9091", "--rounds", "2", "--hidden", "256,x")).isEqualTo(2);
    assertThat(err.toString()).contains("--hidden 256,x: 'x' is not a whole number");
    err.getBuffer().setLength(0);
    assertThat(run("127.0.0.1", "9091", "--rounds", "2", "--model", "logistic", "--hidden", "64")).isEqualTo(2);
    assertThat(err.toString()).contains("--hidden applies to --model mlp");
  }

  @Test
  void aStrategySettingOfAnotherStrategyIsAUsageErrorSayingWhereItApplies() {
    int code = run("127.0.0.1", "9091", "--rounds", "2", "--strategy", "fedavgm", "--tau", "0.01");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--tau applies to fedadam and fedyogi").contains("not to --strategy fedavgm");
  }

  @Test
  void aServerOptimizerIsAUsageErrorUnderAStrategyWithItsOwnAlsoWithoutRounds() {
    int code = run("127.0.0.1", "9091", "--strategy", "fedavg", "--server-optimizer", "momentum");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--strategy fedavg has its own");
  }

  @Test
  void theStrategiesAndServerOptimizersAreListedInTheHelp() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString().replaceAll("\\s+", " "))
        .contains("fedavg, fedavgm, fedadam, fedyogi, fedprox, median, trimmed-mean, krum, multi-krum")
        .contains("plain, momentum, adam, yogi");
  }

  @Test
  void fedProxWithoutRoundsIsRefusedSinceTheNodesTrainWithTheirOwnSettings() {
    int code = run("127.0.0.1", "9091", "--strategy", "fedprox");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--strategy fedprox changes how the nodes train").contains("add --rounds");
  }

  @Test
  void aFractionOfTheFilesWithoutRoundsIsRefused() {
    int code = run("127.0.0.1", "9091", "--fraction", "0.5");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--fraction applies to --rounds runs only");
  }

  @Test
  void headCalibrationWithoutRoundsOrWithResumeIsRefused() {
    int withoutRounds = run("127.0.0.1", "9091", "--calibrate-head");
    String firstError = err.toString();
    int withResume = run("127.0.0.1", "9091", "--resume", "runs/x", "--calibrate-head");

    assertThat(withoutRounds).isEqualTo(2);
    assertThat(firstError).contains("--calibrate-head applies to --rounds runs only");
    assertThat(withResume).isEqualTo(2);
    assertThat(err.toString()).contains("--calibrate-head cannot be given with --resume");
  }

  @Test
  void resumeRefusesTheStrategyAndItsSettings() {
    int code = run("127.0.0.1", "9091", "--resume", "runs/x", "--server-momentum", "0.9");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--server-momentum cannot be given with --resume");
  }

  @Test
  void resumeRefusesTheOptionsTheRunRecorded() {
    int code = run("127.0.0.1", "9091", "--resume", "runs/x", "--epochs", "50");

    assertThat(code).isEqualTo(2);
    assertThat(err.toString()).contains("--epochs cannot be given with --resume").contains("run.json");
  }

  @Test
  void theOptionsARunRecordsAreThoseItsDeclarationsMarkTheRoundsOnlyOnesAmongThem() {
    CommandLine line = Cli.commandLine(new ClientMain());

    List<String> recorded = RecordedOptions.recorded(line.getCommandSpec()).stream()
        .map(OptionSpec::longestName).toList();
    List<String> roundsOnly = RecordedOptions.roundsOnly(line.getCommandSpec()).stream()
        .map(OptionSpec::longestName).toList();

    assertThat(roundsOnly).containsExactlyInAnyOrder("--model", "--hidden", "--epochs", "--eta", "--eta-per-row",
        "--momentum", "--no-early-stop", "--batch", "--optimizer", "--standardize", "--seed", "--init",
        "--min-fraction", "--round-timeout-s", "--fraction", "--calibrate-head", "--out");
    assertThat(recorded).containsAll(roundsOnly).containsAll(List.of("--rounds", "--data-dir", "--validate",
        "--files", "--strategy", "--server-optimizer", "--server-lr", "--server-momentum", "--tau", "--beta1",
        "--beta2", "--trim", "--byzantine", "--mu", "--timeout-s")).hasSize(roundsOnly.size() + 15);
  }

  /** The option with a value it takes, as the command line gives it. */
  private static List<String> given(OptionSpec option) {
    String name = option.longestName();
    if (option.arity().max() == 0) {
      return List.of(name);
    }
    return List.of(name, switch (name) {
      case "--strategy" -> "median";
      case "--server-optimizer" -> "momentum";
      case "--model" -> "logistic";
      case "--init" -> "glibc";
      case "--optimizer" -> "sgd";
      default -> "1";
    });
  }

  @Test
  void resumeRefusesEveryRecordedOptionAndTheReferenceJobEveryRoundsOnlyOne() {
    CommandLine line = Cli.commandLine(new ClientMain());
    for (OptionSpec option : RecordedOptions.recorded(line.getCommandSpec())) {
      List<String> resumed = new ArrayList<>(List.of("127.0.0.1", "9091", "--resume", "runs/x"));
      resumed.addAll(given(option));
      err.getBuffer().setLength(0);

      assertThat(run(resumed.toArray(String[]::new))).as(option.longestName()).isEqualTo(2);
      assertThat(err.toString()).contains(option.longestName() + " cannot be given with --resume");
    }
    for (OptionSpec option : RecordedOptions.roundsOnly(line.getCommandSpec())) {
      List<String> reference = new ArrayList<>(List.of("127.0.0.1", "9091"));
      reference.addAll(given(option));
      err.getBuffer().setLength(0);

      assertThat(run(reference.toArray(String[]::new))).as(option.longestName()).isEqualTo(2);
      assertThat(err.toString()).contains(option.longestName() + " applies to --rounds runs only");
    }
  }

  @Test
  void everyCommandAnswersVersionWithTheBuildsVersion() {
    assertThat(run("--version")).isZero();
    assertThat(run("ring", "--version")).isZero();
    assertThat(run("split", "--version")).isZero();
    assertThat(out.toString()).contains("dhtfl client " + org.dhtfl.cli.Version.current())
        .contains("dhtfl client ring " + org.dhtfl.cli.Version.current())
        .contains("dhtfl client split " + org.dhtfl.cli.Version.current());
    assertThat(org.dhtfl.cli.Version.current()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @Test
  void helpPrintsTheUsageAndSucceeds() {
    int code = run("--help");

    assertThat(code).isZero();
    assertThat(out.toString()).contains("Usage: client").contains("<supernode_ip>").contains("<supernode_port>")
        .contains("--data-dir").contains("--validate");
    assertThat(err.toString()).isEmpty();
  }
}
