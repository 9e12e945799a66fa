package org.dhtfl.client.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.WeightRows;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileQueriesTest {

  private static final ModelShape SHAPE = ModelShape.logistic(2, 2);
  /** Class 1 scores the first input, class 0 the second. */
  private static final Weights MODEL = Weights.fromRows(SHAPE, new double[][] {{0, 0}, {0, 1}, {1, 0}}, new double[0][]);
  private static final RoundPolicy POLICY = RoundPolicy.rounds(Duration.ofSeconds(1), 1.0);

  @TempDir
  Path dataDir;

  private final InMemoryQueryRing ring = new InMemoryQueryRing();
  private final CountingClock clock = new CountingClock();

  @BeforeEach
  void writeFiles() throws IOException {
    // a: both rows right; b: one of two; c, d: one row, right
    write("a", "1,0,1\n0,1,0\n");
    write("b", "1,0,1\n1,0,0\n");
    write("c", "2,1,1\n");
    write("d", "0,2,0\n");
  }

  private void write(String file, String text) throws IOException {
    Files.writeString(dataDir.resolve(file), text, StandardCharsets.US_ASCII);
    ring.owns(file, CsvData.parse(file, new StringReader(text), 2));
  }

  private FileQueries.Answers<ModelScores> askScores(String... files) throws Exception {
    return new FileQueries(ring, POLICY, dataDir, clock).ask(List.of(files),
        f -> new FileQuery(f, "logistic", List.of(new WeightRows("logistic", MODEL.vRows(), MODEL.wRows())),
            Optional.empty()),
        QueryRing::scores, (answer, rows) -> {
          if (answer.rows() != rows) {
            throw new IllegalArgumentException(answer.rows() + " rows, the file has " + rows);
          }
          return answer;
        });
  }

  @Test
  void everyFileIsAskedOnceInNameOrderAndAnswersAsItsOwnerCounts() throws Exception {
    FileQueries.Answers<ModelScores> answers = askScores("a", "b", "c");

    assertThat(answers.answered().keySet()).containsExactly("a", "b", "c");
    assertThat(answers.answered().get("a")).isEqualTo(new ModelScores(List.of(2L), 2));
    assertThat(answers.answered().get("b")).isEqualTo(new ModelScores(List.of(1L), 2));
    assertThat(answers.failed()).isEmpty();
    assertThat(ring.calls("a")).isEqualTo(1);
    assertThat(clock.nanoTime()).as("no pause").isZero();
  }

  @Test
  void anOwnerThatNeedsTheFileIsAskedAgainWithExactlyItsBytes() throws Exception {
    ring.needsData("c");

    FileQueries.Answers<ModelScores> answers = askScores("c");

    assertThat(answers.answered()).containsEntry("c", new ModelScores(List.of(1L), 1));
    assertThat(ring.dataReceived("c")).isEqualTo(Files.readAllBytes(dataDir.resolve("c")));
    assertThat(ring.calls("c")).isEqualTo(2);
  }

  @Test
  void anOwnerThatDoesNotAnswerIsAskedAgainAfterAPause() throws Exception {
    ring.unreachableFor("b", 2);

    FileQueries.Answers<ModelScores> answers = askScores("b");

    assertThat(answers.answered()).containsKey("b");
    assertThat(ring.calls("b")).isEqualTo(3);
    assertThat(clock.nanoTime()).as("10 ms, then 20 ms").isEqualTo(30_000_000L);
  }

  @Test
  void anOwnerThatNeverAnswersFailsItsFileAfterThePolicysSubmissions() throws Exception {
    ring.unreachableFor("b", 100);

    FileQueries.Answers<ModelScores> answers = askScores("a", "b", "c");

    assertThat(answers.answered().keySet()).containsExactly("a", "c");
    assertThat(answers.failed()).containsEntry("b", "owner of b is down");
    assertThat(ring.calls("b")).isEqualTo(POLICY.maxSubmissions());
  }

  @Test
  void aRefusalFailsTheFileAtOnceWithTheOwnersReason() throws Exception {
    ring.refuses("d");

    FileQueries.Answers<ModelScores> answers = askScores("d");

    assertThat(answers.failed()).containsEntry("d", "class_statistics: d is not for you");
    assertThat(ring.calls("d")).isEqualTo(1);
  }

  @Test
  void anAnswerThatDoesNotFitTheFileIsRejectedAndAskedAgain() throws Exception {
    ring.liesAboutScores("a", s -> new ModelScores(s.correct(), 500));

    FileQueries.Answers<ModelScores> answers = askScores("a");

    assertThat(answers.failed()).containsEntry("a", "rejected answer: 500 rows, the file has 2");
    assertThat(ring.calls("a")).isEqualTo(POLICY.maxSubmissions());
  }
}
