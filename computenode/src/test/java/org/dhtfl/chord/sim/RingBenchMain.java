package org.dhtfl.chord.sim;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.dhtfl.chord.JoinException;
import org.dhtfl.plot.LinePlot;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** scripts/bench-ring.sh: mean lookup hops against ring size, and repair after mass failures. */
@Command(name = "bench-ring", mixinStandardHelpOptions = true,
    description = "Runs the simulator over ring sizes 8..1024 and crash fractions, prints markdown tables, "
        + "and plots mean hops against N into a PNG.")
public final class RingBenchMain implements Callable<Integer> {

  @Option(names = "--bits", description = "m (default ${DEFAULT-VALUE}).")
  int bits = 20;

  @Option(names = "--successors", description = "r (default ${DEFAULT-VALUE}).")
  int successors = 20;

  @Option(names = "--seeds", description = "Seeds per size (default ${DEFAULT-VALUE}).")
  int seeds = 3;

  @Option(names = "--lookups", description = "Lookups per ring (default ${DEFAULT-VALUE}).")
  int lookups = 5_000;

  @Option(names = "--plot", description = "PNG to write (default ${DEFAULT-VALUE}).")
  Path plot = Path.of("reports", "ring-hops.png");

  public static void main(String[] args) {
    System.exit(new CommandLine(new RingBenchMain()).execute(args));
  }

  @Override
  public Integer call() throws IOException, JoinException {
    int[] sizes = {8, 16, 32, 64, 128, 256, 512, 1024};
    double[] xs = new double[sizes.length];
    double[] hops = new double[sizes.length];
    double[] fingersOnly = new double[sizes.length];
    double[] half = new double[sizes.length];
    System.out.printf("| N | mean hops, r = %d | mean hops, r = 1 (fingers only) | 1/2 log2 N | lookups failed "
        + "| rounds to ideal after build |%n", successors);
    System.out.printf("|---|---|---|---|---|---|%n");
    for (int i = 0; i < sizes.length; i++) {
      long hopSum = 0;
      long ok = 0;
      int failed = 0;
      int rounds = 0;
      for (int seed = 1; seed <= seeds; seed++) {
        RingSimulation sim = build(sizes[i], seed);
        rounds = Math.max(rounds, sim.roundsUntilIdeal(200));
        RingSimulation.LookupStats stats = sim.lookups(lookups);
        hopSum += stats.hops();
        ok += stats.lookups() - stats.failed();
        failed += stats.failed() + stats.wrong();
      }
      xs[i] = sizes[i];
      hops[i] = (double) hopSum / ok;
      fingersOnly[i] = meanHops(sizes[i], 1);
      half[i] = 0.5 * Math.log(sizes[i]) / Math.log(2);
      System.out.printf(Locale.ROOT, "| %d | %.3f | %.3f | %.3f | %d | %d |%n", sizes[i], hops[i], fingersOnly[i],
          half[i], failed, rounds);
    }
    new LinePlot("Mean lookup hops against ring size (m = " + bits + ", r = " + successors + ")", "N (nodes)",
        "hops", true)
        .add(new LinePlot.Series("dhtfl, r = " + successors, xs, hops))
        .add(new LinePlot.Series("dhtfl, r = 1 (fingers only)", xs, fingersOnly))
        .add(new LinePlot.Series("1/2 log2 N (Chord paper)", xs, half))
        .writePng(plot);
    System.out.println();
    System.out.printf("| crashed fraction of 1,000 | lookups right after the crash | failed | wrong | mean hops | "
        + "rounds to ideal |%n|---|---|---|---|---|---|%n");
    for (double fraction : new double[] {0.1, 0.25, 0.5}) {
      RingSimulation sim = build(1000, 1);
      sim.roundsUntilIdeal(200);
      sim.crashFraction(fraction);
      RingSimulation.LookupStats stats = sim.lookups(lookups);
      int rounds = sim.roundsUntilIdeal(200);
      System.out.printf(Locale.ROOT, "| %.2f | %d | %d | %d | %.3f | %d |%n", fraction, stats.lookups(), stats.failed(),
          stats.wrong(), stats.meanHops(), rounds);
    }
    System.out.println();
    System.out.println("plot: " + plot);
    return 0;
  }

  private double meanHops(int nodes, int r) throws JoinException {
    long hops = 0;
    long ok = 0;
    for (int seed = 1; seed <= seeds; seed++) {
      RingSimulation sim = build(nodes, seed, r);
      sim.roundsUntilIdeal(200);
      RingSimulation.LookupStats stats = sim.lookups(lookups);
      hops += stats.hops();
      ok += stats.lookups() - stats.failed();
    }
    return (double) hops / ok;
  }

  private RingSimulation build(int nodes, long seed) throws JoinException {
    return build(nodes, seed, successors);
  }

  private RingSimulation build(int nodes, long seed, int r) throws JoinException {
    RingSimulation sim = new RingSimulation(bits, r, seed);
    while (sim.size() < nodes) {
      sim.addNode();
    }
    return sim;
  }
}
