package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dhtfl.ml.federated.ClientResult;
import org.dhtfl.ml.federated.ServerState;
import org.dhtfl.ml.federated.ServerStrategy;
import org.junit.jupiter.api.Test;

/**
 * The reference's federated run on the real letters data (data/ in the project): every
 * shard trained from the same initial model with the reference's settings, the deltas averaged by
 * FedAvg, the average validated.
 */
class FederatedLettersTest {

  /** Trains every real shard from the start weights, averages by rows, validates. */
  private static double federatedError(Weights start) throws IOException {
    List<Path> shards;
    try (Stream<Path> files = Files.list(TestData.letters().resolve("letters"))) {
      shards = files.sorted().toList();
    }
    assertThat(shards).hasSize(33);
    Dataset validation = CsvData.read(TestData.letters().resolve("validate_letters.txt"), 26, 16);
    List<ClientResult> results = new ArrayList<>();
    for (Path shard : shards) {
      TrainingResult trained = Trainer.train(start, CsvData.read(shard, 26, 16), TrainingOptions.defaults());
      results.add(new ClientResult(shard.getFileName().toString(), trained.delta(), trained.rows()));
    }
    Weights average = ServerStrategy.fedAvg().aggregate(start, ServerState.EMPTY, results, List.of()).model();
    return Trainer.errorRate(average, validation);
  }

  @Test
  void fromTheCppReferencesStartWeightsTheAverageValidatesAsTheCppReferenceDoes() throws IOException {

    double error = federatedError(StartWeights.GLIBC.draw(ModelShape.mlp(16, 20, 26), 0));

    // The reference's C++ model, trained on each of the 33 shards and averaged this way, gives 41.1%.
    System.out.printf("federated validation error over 33 shards, glibc start: %.4f%n", error);
    assertThat(error).isCloseTo(0.411, org.assertj.core.data.Offset.offset(0.0005));
  }

  @Test
  void fromThePythonReferencesStartWeightsTheAverageValidatesAtMostFortyTwoPercentWrong() throws IOException {

    double error = federatedError(StartWeights.NUMPY.draw(ModelShape.mlp(16, 20, 26), 1));

    System.out.printf("federated validation error over 33 shards, numpy start: %.4f%n", error);
    assertThat(error).isLessThanOrEqualTo(0.42);
  }
}
