package org.dhtfl.systest.tools.flsim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dhtfl.plot.LinePlot;

/** The tables, the CSV and the plot of {@link FlBenchMain}. */
final class BenchReport {

  private final int rounds;
  private final StringBuilder splits = new StringBuilder();
  private final StringBuilder poison = new StringBuilder();
  private final StringBuilder legend = new StringBuilder();

  BenchReport(int rounds) {
    this.rounds = rounds;
  }

  void split(String name, Path dir, List<FederatedSimulator.Shard> shards, Map<String, FederatedSimulator.Run> runs) {
    long empty = shards.stream().filter(s -> s.data().isEmpty()).count();
    splits.append(String.format(Locale.ROOT, "%n#### %s (%s: %d files%s)%n%n", name, dir.getFileName(), shards.size(),
        empty == 0 ? "" : ", " + empty + " of them empty: every round counts them as failed"));
    splits.append("| strategy | round 1 | round 5 | round ").append(rounds).append(" | time (s) |\n");
    splits.append("|---|---|---|---|---|\n");
    runs.forEach((label, run) -> splits.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %.1f |%n", label,
        percent(run, 1), percent(run, 5), percent(run, rounds), run.millis() / 1000.0)));
  }

  void poison(String split, FederatedSimulator.Poison p, Map<String, FederatedSimulator.Run> clean,
      Map<String, FederatedSimulator.Run> poisoned) {
    poison.append(String.format(Locale.ROOT, "%nSplit %s; in every round the results of %s are replaced by their "
        + "change times -%s.%n%n", split, String.join(", ", p.files()), p.scale()));
    poison.append("| strategy | clean, round ").append(rounds).append(" | poisoned, round ").append(rounds)
        .append(" | difference (points) |\n|---|---|---|---|\n");
    poisoned.forEach((label, run) -> {
      double before = clean.get(label).errors()[rounds - 1];
      double after = run.errors()[rounds - 1];
      poison.append(String.format(Locale.ROOT, "| %s | %.2f%% | %.2f%% | %+.2f |%n", label, 100 * before, 100 * after,
          100 * (after - before)));
    });
  }

  void legend(List<Map.Entry<String, String>> labels) {
    labels.forEach(e -> legend.append("| ").append(e.getKey()).append(" | ").append(e.getValue()).append(" |\n"));
  }

  String markdown() {
    return "| label | strategy and settings |\n|---|---|\n" + legend
        + "\n### Validation error after rounds 1, 5 and " + rounds + "\n" + splits
        + (poison.isEmpty() ? "" : "\n### Poisoning\n" + poison);
  }

  String csv(Map<String, Map<String, FederatedSimulator.Run>> clean, Map<String, FederatedSimulator.Run> poisoned) {
    StringBuilder text = new StringBuilder("split,strategy,poisoned,round,validation_error,training_error\n");
    clean.forEach((split, runs) -> runs.forEach((label, run) -> lines(text, split, label, false, run)));
    poisoned.forEach((label, run) -> lines(text, "poison", label, true, run));
    return text.toString();
  }

  private static void lines(StringBuilder text, String split, String label, boolean poisoned,
      FederatedSimulator.Run run) {
    for (int r = 0; r < run.errors().length; r++) {
      text.append(String.format(Locale.ROOT, "%s,%s,%s,%d,%.6f,%.6f%n", csvField(split), csvField(label), poisoned,
          r + 1, run.errors()[r], run.trainingErrors()[r]));
    }
  }

  /** The value as one CSV field (RFC 4180): in double quotes, doubled inside, when it holds a comma or a quote. */
  static String csvField(String value) {
    return value.contains(",") || value.contains("\"") || value.contains("\n")
        ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
  }

  /** One panel per split, one line per strategy. */
  void plot(Map<String, Map<String, FederatedSimulator.Run>> clean, Path file) throws IOException {
    List<LinePlot> panels = new ArrayList<>();
    clean.forEach((split, runs) -> {
      LinePlot panel = new LinePlot(split, "round", "validation error (%)", false);
      runs.forEach((label, run) -> {
        double[] x = new double[run.errors().length];
        double[] y = new double[x.length];
        for (int r = 0; r < x.length; r++) {
          x[r] = r + 1;
          y[r] = 100 * run.errors()[r];
        }
        panel.add(new LinePlot.Series(label, x, y));
      });
      panels.add(panel);
    });
    LinePlot.writeGrid(panels, 2, file);
  }

  private String percent(FederatedSimulator.Run run, int round) {
    return round <= run.errors().length ? String.format(Locale.ROOT, "%.2f%%", 100 * run.errors()[round - 1]) : "-";
  }
}
