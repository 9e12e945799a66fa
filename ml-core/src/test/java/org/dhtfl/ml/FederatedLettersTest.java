package org.dhtfl.ml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The reference's federated run on the real letters data (../shared/data, skipped when absent): every
 * shard trained from the same initial model with the reference's settings, the deltas averaged by
 * FedAvg, the average validated.
 */
class FederatedLettersTest {

  @Test
  void averagingTheThirtyThreeShardModelsValidatesAtMostFortyTwoPercentWrong() throws IOException {
    assumeTrue(TestData.sharedDataPresent(), "no shared data at " + TestData.sharedData());
    // Arrange
    List<Path> shards;
    try (Stream<Path> files = Files.list(TestData.sharedData().resolve("letters"))) {
      shards = files.sorted().toList();
    }
    Dataset validation = CsvData.read(TestData.sharedData().resolve("validate_letters.txt"), 26, 16);
    Weights start = Weights.initial(ModelShape.mlp(16, 20, 26), 1);

    // Act
    List<ClientResult> results = new ArrayList<>();
    for (Path shard : shards) {
      TrainingResult trained = Trainer.train(start, CsvData.read(shard, 26, 16), TrainingOptions.defaults());
      results.add(new ClientResult(shard.getFileName().toString(), trained.delta(), trained.rows()));
    }
    Weights average = new FedAvg().aggregate(start, results, List.of());
    double error = Trainer.errorRate(average, validation);

    // Assert: the reference's C++ model averaged this way validates at 0.411
    System.out.printf("federated validation error over %d shards: %.4f%n", shards.size(), error);
    assertThat(shards).hasSize(33);
    assertThat(error).isLessThanOrEqualTo(0.42);
  }
}
