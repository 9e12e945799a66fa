package org.dhtfl.ml.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.dhtfl.ml.CsvData;
import org.dhtfl.ml.Dataset;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.Trainer;
import org.dhtfl.ml.TrainingOptions;
import org.dhtfl.ml.TrainingResult;

/**
 * Centralized training for comparison with the federated one: every shard of a folder concatenated,
 * trained as one dataset from the start weights of the reference's C++ model (glibc's rand() after
 * srand(0), or numpy's with --init numpy), validated on the validation file.
 * Prints {@code central_val_error} and {@code central_train_s} (training only, not reading).
 *
 * <p>Arguments: {@code [--data DIR] [--validation FILE] [--epochs N] [--eta X] [--threads N] [--seed S]
 * [--init glibc|numpy]};
 * defaults
 * data/letters, DIR/../validate_letters.txt, 1000 epochs, eta 0.05 per row (the reference's
 * 1e-4 per 500 rows), as many threads as cores, seed 1, early stop off.
 */
public final class CentralTraining {
  private CentralTraining() {
  }

  public static void main(String[] args) throws IOException {
    Path data = Path.of("data/letters");
    Path validation = null;
    int epochs = 1000;
    double eta = 0.05;
    int threads = Runtime.getRuntime().availableProcessors();
    long seed = 1;
    StartWeights init = StartWeights.GLIBC;
    for (int i = 0; i < args.length; i += 2) {
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException(args[i] + " needs a value");
      }
      String value = args[i + 1];
      switch (args[i]) {
        case "--data" -> data = Path.of(value);
        case "--validation" -> validation = Path.of(value);
        case "--epochs" -> epochs = Integer.parseInt(value);
        case "--eta" -> eta = Double.parseDouble(value);
        case "--threads" -> threads = Integer.parseInt(value);
        case "--seed" -> seed = Long.parseLong(value);
        case "--init" -> init = StartWeights.parse(value);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]
            + "; expected --data DIR, --validation FILE, --epochs N, --eta X, --threads N, --seed S, --init glibc|numpy");
      }
    }
    if (validation == null) {
      validation = data.toAbsolutePath().normalize().resolveSibling("validate_letters.txt");
    }
    if (!Files.isDirectory(data) || !Files.isRegularFile(validation)) {
      System.out.println("central_val_error: n/a (no shards at " + data + " or no " + validation + ")");
      System.out.println("central_train_s: n/a");
      return;
    }
    List<Dataset> shards = new ArrayList<>();
    try (Stream<Path> files = Files.list(data)) {
      for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
        shards.add(CsvData.read(file, 26, 16));
      }
    }
    Dataset all = Dataset.concat(data.toString(), shards);
    Dataset validate = CsvData.read(validation, 26, 16);
    TrainingOptions options = TrainingOptions.defaults().withEpochs(epochs).withEta(eta).withEtaPerRow(true)
        .withEarlyStop(false).withThreads(threads);

    long started = System.nanoTime();
    TrainingResult result = Trainer.train(init.draw(ModelShape.mlp(16, 20, 26), seed), all, options);
    double seconds = (System.nanoTime() - started) / 1e9;
    double error = Trainer.errorRate(result.trained(), validate);

    System.out.printf(Locale.ROOT, "(%d shards, %d rows, %d epochs, eta %s per row, %d threads; "
        + "training error %.4f, loss %.1f)%n", shards.size(), all.rows(), result.epochs(), eta, threads,
        result.errorRate(), result.loss());
    System.out.printf(Locale.ROOT, "central_val_error: %.4f%n", error);
    System.out.printf(Locale.ROOT, "central_train_s: %.2f%n", seconds);
  }
}
