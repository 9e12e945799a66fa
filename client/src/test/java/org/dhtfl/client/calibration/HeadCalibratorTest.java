package org.dhtfl.client.calibration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.client.data.DataFiles;
import org.dhtfl.client.rounds.FileQueries;
import org.dhtfl.client.rounds.InMemoryQueryRing;
import org.dhtfl.client.rounds.RoundClock;
import org.dhtfl.client.rounds.RoundFailed;
import org.dhtfl.client.rounds.RoundPolicy;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.Weights;
import org.dhtfl.ml.calibration.ClassStatistics;
import org.dhtfl.ml.calibration.DiscriminantHead;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Head calibration over owners in memory, against the same computation done in one process. */
class HeadCalibratorTest {

  private static final Path LETTERS = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent()
      .resolve("data").resolve("letters");
  private static final RoundPolicy POLICY = RoundPolicy.rounds(Duration.ofSeconds(5), 1.0);

  private final InMemoryQueryRing ring = new InMemoryQueryRing();
  private final List<String> files = new ArrayList<>();
  private final List<Dataset> shards = new ArrayList<>();
  private Weights start;
  private Weights trained;

  @BeforeEach
  void fourShardsAndTwoModels() throws Exception {
    files.addAll(DataFiles.list(LETTERS, 4));
    for (String file : files) {
      Dataset shard = CsvData.read(LETTERS.resolve(file), 26);
      shards.add(shard);
      ring.owns(file, shard);
    }
    start = TrainingConfig.defaults().startWeights(16);
    trained = Trainer.train(start, shards.get(0), TrainingOptions.defaults().withEpochs(30)).trained();
  }

  private HeadCalibrator calibrator(double minFraction) {
    return new HeadCalibrator(new FileQueries(ring, POLICY, LETTERS, new NoPause()), minFraction);
  }

  /** The discriminant head fitted, in one process, to the statistics of every shard in name order. */
  private Weights refitInOneProcess(Weights model) {
    ClassStatistics all = null;
    for (Dataset shard : shards) {
      all = all == null ? ClassStatistics.of(model, shard) : all.plus(ClassStatistics.of(model, shard));
    }
    return DiscriminantHead.fit(model, all);
  }

  @Test
  void everyCandidateIsScoredOnAllTheRowsAndTheBestIsChosenAsOneProcessWould() throws Exception {
    Calibration c = calibrator(1.0).calibrate(1, files, List.of(new Candidate("start model", start),
        new Candidate("round 1 model", trained)), Optional.empty());

    Dataset all = Dataset.concat("all", shards);
    List<Weights> expected = List.of(start, refitInOneProcess(start), trained, refitInOneProcess(trained));
    assertThat(c.candidates()).extracting(s -> s.candidate().label()).containsExactly("start model",
        "start model, refit head", "round 1 model", "round 1 model, refit head");
    assertThat(c.candidates()).extracting(s -> s.candidate().model()).containsExactlyElementsOf(expected);
    int best = 0;
    for (int i = 0; i < expected.size(); i++) {
      long correct = Trainer.correct(expected.get(i), all);
      assertThat(c.candidates().get(i).correct()).as(c.candidates().get(i).candidate().label()).isEqualTo(correct);
      assertThat(c.candidates().get(i).rows()).isEqualTo(all.rows());
      best = correct > Trainer.correct(expected.get(best), all) ? i : best;
    }
    assertThat(c.chosenIndex()).isEqualTo(best);
    assertThat(c.files()).isEqualTo(4);
    assertThat(c.failures()).isEmpty();
  }

  @Test
  void theModelKeptSoFarWinsATie() throws Exception {
    Candidate kept = new Candidate("round 1 model", trained);

    Calibration c = calibrator(1.0).calibrate(2, files, List.of(new Candidate("round 2 model", trained)),
        Optional.of(kept));

    assertThat(c.candidates()).extracting(s -> s.candidate().label()).containsExactly("round 1 model",
        "round 2 model", "round 2 model, refit head");
    assertThat(c.candidates().get(0).correct()).isEqualTo(c.candidates().get(1).correct());
    assertThat(c.chosen().candidate()).isEqualTo(c.candidates().get(1).correct() >= c.candidates().get(2).correct()
        ? kept : c.candidates().get(2).candidate());
  }

  @Test
  void aFileWhoseOwnerLiesOrIsDownIsLeftOutWhenTheRestSuffice() throws Exception {
    ring.liesAboutScores(files.get(1), s -> new ModelScores(s.correct(), s.rows() + 1)).unreachableFor(files.get(2),
        100);

    Calibration c = calibrator(0.5).calibrate(1, files, List.of(new Candidate("round 1 model", trained)),
        Optional.empty());

    assertThat(c.files()).isEqualTo(2);
    assertThat(c.failures()).containsOnlyKeys(files.get(1), files.get(2));
    assertThat(c.failures().get(files.get(1))).startsWith("rejected answer: scores of 2 models on 501 rows");
    assertThat(c.chosen().rows()).isEqualTo(shards.get(0).rows() + shards.get(3).rows());
  }

  @Test
  void tooFewAnswersFailTheRoundSayingWhy() {
    ring.unreachableFor(files.get(3), 100);

    assertThatThrownBy(() -> calibrator(1.0).calibrate(3, files, List.of(new Candidate("round 3 model", trained)),
        Optional.empty())).isInstanceOf(RoundFailed.class).hasMessage("round 3: head calibration: 3 of 4 files sent "
            + "their class statistics, fewer than --min-fraction 1.00; " + files.get(3) + ": owner of " + files.get(3)
            + " is down");
  }

  private static final class NoPause implements RoundClock {
    @Override
    public long nanoTime() {
      return 0;
    }

    @Override
    public void pause(long millis) {
    }
  }
}
