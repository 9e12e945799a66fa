package org.dhtfl.client.data;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.Version;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Writes the synthetic letters data set: OUT/letters/ with the shards, OUT/validate_letters.txt. */
@Command(name = "generate-data", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Writes a deterministic data set in the letters format: OUT/letters/<shards> and OUT/validate_letters.txt.")
public final class GenerateData implements Callable<Integer> {

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to write into.")
  Path out;

  @Option(names = "--shards", paramLabel = "N", description = "Training shards (default: ${DEFAULT-VALUE}).")
  int shards = 12;

  @Option(names = "--rows", paramLabel = "N", description = "Rows per shard (default: ${DEFAULT-VALUE}).")
  int rows = 500;

  @Option(names = "--validation-rows", paramLabel = "N", description = "Validation rows (default: ${DEFAULT-VALUE}).")
  int validationRows = 2000;

  @Option(names = "--noise", paramLabel = "X", description = "Noise around the class prototypes (default: ${DEFAULT-VALUE}).")
  double noise = 5.0;

  @Option(names = "--seed", paramLabel = "S", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  public static void main(String[] args) {
    System.exit(Cli.commandLine(new GenerateData()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    new SyntheticLetters(seed, noise).write(out.resolve("letters"), shards, rows, out.resolve("validate_letters.txt"),
        validationRows);
    System.out.printf("wrote %d shards of %d rows to %s and %d validation rows to %s%n", shards, rows,
        out.resolve("letters"), validationRows, out.resolve("validate_letters.txt"));
    return 0;
  }
}
