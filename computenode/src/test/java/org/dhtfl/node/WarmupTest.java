package org.dhtfl.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.IntPredicate;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;
import org.junit.jupiter.api.Test;

class WarmupTest {

  /** A short training, so that the tests of when the warm-up stops run fast. */
  private static final TrainingConfig SHORT = new TrainingConfig(ModelKind.MLP, 20, 26, 1,
      TrainingOptions.defaults().withEpochs(2));
  private static final Duration LONG = Duration.ofMinutes(5);

  /** A JIT that spends the given ms during each training in turn (0 after the list) and is idle when told. */
  private static Warmup.Jit jit(IntPredicate idleAfterTraining, long... millisPerTraining) {
    return new Warmup.Jit() {
      private int reads;
      private long total;

      @Override
      public long compiledMillis() {
        // Read before and after each training: the training's compilation lands in between.
        int training = reads / 2;
        if (reads++ % 2 == 1 && training < millisPerTraining.length) {
          total += millisPerTraining[training];
        }
        return total;
      }

      @Override
      public boolean idle() {
        return idleAfterTraining.test(reads / 2);
      }
    };
  }

  @Test
  void itStopsAfterTheLeastTrainingsWhenTheJitIsQuietAndIdle() {
    int trainings = Warmup.warm(SHORT, jit(n -> true, 900, 300), LONG, () -> false);

    assertThat(trainings).isEqualTo(Warmup.MIN_TRAININGS);
  }

  @Test
  void theLayeredModelTrainsAsAJobOfTwoLayersWithAdamOnStandardisedInputsAndLeavesNoFileBehind() throws Exception {
    TrainingConfig layered = Warmup.layered(26);
    java.nio.file.Path tmp = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    java.util.function.Supplier<Long> warmUpFiles = () -> {
      try (var files = java.nio.file.Files.list(tmp)) {
        return files.filter(f -> f.getFileName().toString().startsWith("dhtfl-warm-up-")).count();
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    };
    long before = warmUpFiles.get();

    int trainings = Warmup.warm(layered, jit(n -> true, 900, 300), LONG, () -> false);

    assertThat(layered.layers()).containsExactly(64, 32);
    assertThat(layered.options().optimizer()).isEqualTo(org.dhtfl.ml.Optimizer.ADAM);
    assertThat(layered.options().batch()).isEqualTo(32);
    assertThat(layered.standardization()).isPresent();
    assertThat(trainings).isEqualTo(Warmup.MIN_TRAININGS);
    assertThat(warmUpFiles.get()).as("the warm-up's temporary files are deleted").isEqualTo(before);
  }

  @Test
  void itGoesOnWhileTheJitFinishesCompilations() {
    int trainings = Warmup.warm(SHORT, jit(n -> true, 900, 300, 100, 50, 20), LONG, () -> false);

    assertThat(trainings).isEqualTo(6);
  }

  @Test
  void itGoesOnWhileACompilationRunsOrWaits() {
    int trainings = Warmup.warm(SHORT, jit(n -> n >= 5, 900), LONG, () -> false);

    assertThat(trainings).isEqualTo(5);
  }

  @Test
  void aJitThatNeverRestsStopsItAtTheMostTrainings() {
    int trainings = Warmup.warm(SHORT, jit(n -> false), LONG, () -> false);

    assertThat(trainings).isEqualTo(Warmup.MAX_TRAININGS);
  }

  @Test
  void aSpentBudgetEndsIt() {
    int trainings = Warmup.warm(SHORT, jit(n -> false), Duration.ofNanos(1), () -> false);

    assertThat(trainings).isZero();
  }

  @Test
  void aStopEndsItBeforeAnyTraining() {
    assertThat(Warmup.warm(SHORT, jit(n -> true), LONG, () -> true)).isZero();
  }

  @Test
  void compilerQueueTextWithNoTaskReadsAsIdle() {
    String empty = "Current compiles: \n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n\n";
    String busy = "Current compiles: \nC2 CompilerThread0   977       4       org.dhtfl.ml.TrainingRun::update (142 bytes)"
        + "\n\nC1 compile queue:\nEmpty\n\nC2 compile queue:\nEmpty\n";

    assertThat(HotSpotJit.idle(empty)).isTrue();
    assertThat(HotSpotJit.idle(busy)).isFalse();
  }

  @Test
  void itsRowsHaveTheReferencesShape() {
    Dataset rows = Warmup.rows(26);

    assertThat(rows.rows()).isEqualTo(500);
    assertThat(rows.features()).isEqualTo(16);
  }

  @Test
  void aJvmIsWarmedOnce() {
    Warmup.run(SHORT, () -> false);

    assertThat(Warmup.run(SHORT, () -> false)).isZero();
  }

  @Test
  void aRealFileTrainsToTheSameBitsBeforeAndAfterTheWarmUp() throws IOException {
    TrainingConfig config = TrainingConfig.defaults();
    Dataset file = CsvData.read(Path.of("..", "data", "letters", "zx0uRKUQj5"), config.classes());
    TrainingResult before = Trainer.train(config.startWeights(16), file, config.options());

    // As many trainings as a warm-up ever runs: the trainer is compiled by the end.
    Warmup.warm(config, jit(n -> false), LONG, () -> false);
    TrainingResult after = Trainer.train(config.startWeights(16), file, config.options());

    assertThat(after).isEqualTo(before);
  }
}
