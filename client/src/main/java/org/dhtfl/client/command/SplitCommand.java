package org.dhtfl.client.command;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.dhtfl.cli.Cli;
import org.dhtfl.cli.Version;
import org.dhtfl.client.data.Shard;
import org.dhtfl.client.data.ShardSplitter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** client split: one labelled data file into N shards for the ring, IID, non-IID by label, or sorted by label. */
@Command(name = "split", mixinStandardHelpOptions = true, versionProvider = Version.class, sortOptions = false,
    description = "Splits a labelled data file (features, then the label; no header) into N shards named "
        + "shard-0.. in a new or empty folder: shuffled and dealt round-robin (IID), or with --alpha each "
        + "label's rows spread over the shards in Dirichlet(alpha) proportions (non-IID; small alpha, e.g. "
        + "0.1, gives shards of few labels), or with --sorted sorted by label and cut in order (one or two labels "
        + "a shard). Prints each shard's rows and most frequent labels.")
public final class SplitCommand implements Callable<Integer> {

  private static final int TOP_LABELS = 3;

  @Parameters(index = "0", paramLabel = "INPUT", description = "The data file to split.")
  Path input;

  @Option(names = "--shards", required = true, paramLabel = "N", description = "Number of shards, at least 1.")
  int shards;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "New or empty folder for the shards.")
  Path out;

  @Option(names = "--alpha", paramLabel = "A",
      description = "Split by label in Dirichlet(A) proportions (positive); without it, IID.")
  Double alpha;

  @Option(names = "--sorted", description = "Sort the rows by label (stably) and cut them in order into shards "
      + "of equal size, or nearly: the pathological non-IID split of McMahan et al. 2017.")
  boolean sorted;

  @Option(names = "--seed", paramLabel = "S", description = "Seed of the shuffles and draws (default: ${DEFAULT-VALUE}).")
  long seed = 1;

  @Spec
  CommandSpec spec;

  @Override
  public Integer call() {
    ShardSplitter splitter = splitter();
    PrintWriter stdout = spec.commandLine().getOut();
    PrintWriter stderr = spec.commandLine().getErr();
    List<Shard> split;
    try {
      split = splitter.split(input);
      ShardSplitter.write(split, out);
    } catch (IOException e) {
      stderr.println("error: " + IoFailures.describe(e));
      stderr.flush();
      return Cli.FAILED;
    }
    int rows = split.stream().mapToInt(Shard::size).sum();
    int width = String.valueOf(split.stream().mapToInt(Shard::size).max().orElse(0)).length();
    for (Shard shard : split) {
      stdout.println(describe(shard, width));
    }
    stdout.printf(Locale.ROOT, "Wrote %d shards of %d rows in all to %s (%s)%n", split.size(), rows, out,
        sorted ? "sorted by label" : (alpha == null ? "IID" : "Dirichlet alpha " + alpha) + ", seed " + seed);
    OptionalDouble share = split.stream().map(Shard::topLabelShare).filter(OptionalDouble::isPresent)
        .mapToDouble(OptionalDouble::getAsDouble).average();
    share.ifPresent(s -> stdout.printf(Locale.ROOT, "Mean share of a shard's most frequent label: %.3f%n", s));
    List<String> empty = split.stream().filter(shard -> shard.size() == 0).map(Shard::name).toList();
    if (!empty.isEmpty()) {
      stderr.printf("warning: %d shards have no rows (%s); a node cannot train on an empty file, so use fewer "
          + "--shards%s%n", empty.size(), String.join(", ", empty), alpha == null ? "" : " or a larger --alpha");
    }
    stdout.flush();
    stderr.flush();
    return 0;
  }

  private ShardSplitter splitter() {
    if (shards < 1) {
      throw new ParameterException(spec.commandLine(), "--shards " + shards + " must be at least 1");
    }
    if (sorted) {
      if (alpha != null) {
        throw new ParameterException(spec.commandLine(), "--sorted and --alpha are two different splits: give one");
      }
      return ShardSplitter.sorted(shards);
    }
    if (alpha == null) {
      return ShardSplitter.iid(shards, seed);
    }
    if (!(alpha > 0) || alpha.isInfinite()) {
      throw new ParameterException(spec.commandLine(), "--alpha " + alpha + " must be positive and finite");
    }
    return ShardSplitter.dirichlet(shards, alpha, seed);
  }

  /** "shard-03  372 rows  top labels 4 (21), 17 (19), 3 (18)". */
  private static String describe(Shard shard, int width) {
    String line = String.format(Locale.ROOT, "%s  %" + width + "d rows", shard.name(), shard.size());
    if (shard.size() == 0) {
      return line;
    }
    return line + "  top labels " + shard.topLabels(TOP_LABELS).stream()
        .map(count -> count.label() + " (" + count.rows() + ")")
        .collect(Collectors.joining(", "));
  }
}
