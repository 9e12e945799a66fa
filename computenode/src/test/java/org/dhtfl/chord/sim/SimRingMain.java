package org.dhtfl.chord.sim;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.dhtfl.chord.JoinException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/** scripts/sim-ring.sh: builds, breaks and repairs a simulated ring and prints what it measured. */
@Command(name = "sim-ring", mixinStandardHelpOptions = true, sortOptions = false,
    description = "Runs the production Chord code on a seeded in-memory ring: builds it by joins, checks "
        + "that every pointer is ideal, measures lookups, and optionally crashes a fraction of "
        + "the nodes, runs churn (joins, leaves, crashes and lookups interleaved) or parts the ring "
        + "in two and heals it. Same seed, "
        + "same run.")
public final class SimRingMain implements Callable<Integer> {

  @Option(names = "--nodes", description = "Nodes to build the ring with (default ${DEFAULT-VALUE}); with "
      + "--virtual, physical nodes.")
  int nodes = 1000;

  @Option(names = "--virtual", description = "Positions each physical node holds on the ring, each a Chord node "
      + "of its own (default ${DEFAULT-VALUE}).")
  int virtual = 1;

  @Option(names = "--keys", description = "Random keys looked up to measure the keys per physical node; 0 skips "
      + "it (default ${DEFAULT-VALUE}). With --virtual above 1, also measured on a ring of one position per node.")
  int keys = 100_000;

  @Option(names = "--bits", description = "m: identifiers are 0..2^m-1, 3..31 (default ${DEFAULT-VALUE}).")
  int bits = 20;

  @Option(names = "--seed", description = "Seed of every random choice (default ${DEFAULT-VALUE}).")
  long seed = 1;

  @Option(names = "--successors", description = "r: successor list length (default ${DEFAULT-VALUE}).")
  int successors = 20;

  @Option(names = "--lookups", description = "Lookups per measurement (default ${DEFAULT-VALUE}).")
  int lookups = 10_000;

  @Option(names = "--crash", description = "Fraction of the nodes that crash at once after the build.")
  double crash;

  @Option(names = "--churn", description = "Steps of churn after the build.")
  int churn;

  @Option(names = "--partition", description = "Fraction of the nodes cut off from the rest after the build, "
      + "until both sides are rings of their own; then healed, with ring unification.")
  double partition;

  @Option(names = "--max-rounds", description = "Stabilization rounds allowed to reach the ideal ring (default ${DEFAULT-VALUE}).")
  int maxRounds = 100;

  @Option(names = "--trace", description = "Print every churn step.")
  boolean trace;

  private final PrintStream out;

  SimRingMain(PrintStream out) {
    this.out = out;
  }

  public static void main(String[] args) {
    System.exit(run(System.out, args));
  }

  static int run(PrintStream out, String... args) {
    return new CommandLine(new SimRingMain(out)).execute(args);
  }

  @Override
  public Integer call() {
    if (virtual < 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--virtual " + virtual + " must be at least 1");
    }
    if (keys < 0) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--keys " + keys + " must be at least 0");
    }
    if (nodes < 1 || (long) nodes * virtual > (1L << bits)) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--nodes " + nodes + " x --virtual " + virtual
          + " positions must be 1.." + (1L << bits) + " for --bits " + bits);
    }
    if (crash < 0 || crash >= 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--crash " + crash + " must be in [0, 1)");
    }
    if (partition < 0 || partition >= 1) {
      throw new CommandLine.ParameterException(new CommandLine(this), "--partition " + partition
          + " must be in (0, 1)");
    }
    RingSimulation sim = new RingSimulation(bits, successors, seed);
    out.printf(Locale.ROOT, "nodes: %d%nvirtual: %d%nbits: %d%nseed: %d%nsuccessors: %d%n", nodes, virtual, bits, seed,
        successors);
    Map<Integer, Integer> physicalOf = new HashMap<>();
    int joinFailures = build(sim, virtual, physicalOf);
    int buildRounds = sim.roundsUntilIdeal(maxRounds);
    out.printf(Locale.ROOT, "build_join_failures: %d%nbuild_rounds_to_ideal: %d%n", joinFailures, buildRounds);
    RingSimulation.LookupStats stats = sim.lookups(lookups);
    print("build_", stats);
    boolean ok = buildRounds >= 0 && stats.failed() == 0 && stats.wrong() == 0;
    if (keys > 0) {
      KeyLoad load = KeyLoad.measure(sim, physicalOf, nodes, keys, keyRandom());
      printLoad("", load);
      ok &= load.failed() == 0 && load.wrong() == 0;
      if (virtual > 1) {
        RingSimulation single = new RingSimulation(bits, successors, seed);
        Map<Integer, Integer> singleOf = new HashMap<>();
        build(single, 1, singleOf);
        single.roundsUntilIdeal(maxRounds);
        KeyLoad one = KeyLoad.measure(single, singleOf, nodes, keys, keyRandom());
        printLoad("v1_", one);
      }
    }
    String phase = "build";

    if (partition > 0) {
      int cutOff = sim.split(partition).size();
      out.printf(Locale.ROOT, "partition: %d and %d nodes%n", cutOff, sim.size() - cutOff);
      int apart = sim.roundsUntilEachSideIdeal(maxRounds);
      out.printf(Locale.ROOT, "rounds_to_two_rings: %d%n", apart);
      sim.heal();
      long before = sim.network().messages();
      int merged = sim.roundsUntilIdealWithUnification(maxRounds);
      out.printf(Locale.ROOT, "rounds_to_one_ring: %d%nmerge_messages: %d%n", merged,
          sim.network().messages() - before);
      stats = sim.lookups(lookups);
      phase = "partition";
      ok &= apart >= 0 && merged >= 0 && stats.failed() == 0 && stats.wrong() == 0;
    }
    if (crash > 0) {
      int crashed = sim.crashFraction(crash).size();
      out.printf(Locale.ROOT, "crashed: %d%nlive: %d%n", crashed, sim.size());
      stats = sim.lookups(lookups);
      phase = "crash";
      ok &= stats.failed() == 0 && stats.wrong() == 0;
    }
    if (churn > 0) {
      stats = sim.churn(churn, (step, what) -> {
        if (trace) {
          out.printf(Locale.ROOT, "step %d: %s%n", step, what);
        }
      });
      out.printf(Locale.ROOT, "live: %d%n", sim.size());
      phase = "churn";
      ok &= stats.failed() == 0;
    }
    int rounds = sim.roundsUntilIdeal(maxRounds);
    boolean ideal = rounds >= 0;
    ok &= ideal;
    out.printf(Locale.ROOT, "phase: %s%n", phase);
    print("", stats);
    out.printf(Locale.ROOT, "rounds_to_ideal: %d%nideal: %b%nmessages: %d%n", rounds, ideal, sim.network().messages());
    if (!ok) {
      String why = ideal ? sim.lastFailure() : sim.firstDifference().orElse("");
      out.printf(Locale.ROOT, "failure: seed %d, phase %s: %s%n", seed, phase, why);
      out.printf(Locale.ROOT, "replay: scripts/sim-ring.sh --nodes %d --virtual %d --bits %d --seed %d --successors %d%s%s "
          + "--trace%n", nodes, virtual, bits, seed, successors,
          (partition > 0 ? " --partition " + partition : "") + (crash > 0 ? " --crash " + crash : ""),
          churn > 0 ? " --churn " + churn : "");
      return 1;
    }
    return 0;
  }

  /** Adds every physical node's positions, recording whose each is; returns the joins that failed (and were tried again). */
  private int build(RingSimulation sim, int positionsPerNode, Map<Integer, Integer> physicalOf) {
    int failures = 0;
    while (sim.size() < nodes * positionsPerNode) {
      int physical = sim.size() / positionsPerNode;
      try {
        physicalOf.put(sim.addNode().self().id(), physical);
      } catch (JoinException e) {
        failures++;
      }
    }
    return failures;
  }

  /** The keys' own random source: the ring's IDs come from the seed itself, and keys drawn alike would sit on them. */
  private Random keyRandom() {
    return new Random(seed ^ 0x6B65_7973L);
  }

  private void printLoad(String prefix, KeyLoad load) {
    out.printf(Locale.ROOT, "%skeys: %d%n%skeys_per_node_mean: %.1f%n%skeys_per_node_max_over_mean: %.2f%n"
        + "%skeys_per_node_p99_over_mean: %.2f%n%skey_lookups_failed: %d%n%skey_lookups_wrong: %d%n", prefix, load.keys(),
        prefix, load.mean(), prefix, load.maxOverMean(), prefix, load.p99OverMean(), prefix, load.failed(), prefix,
        load.wrong());
  }

  private void print(String prefix, RingSimulation.LookupStats stats) {
    out.printf(Locale.ROOT, "%slookups: %d%n%slookups_failed: %d%n%slookups_wrong: %d%n%smean_hops: %.3f%n",
        prefix, stats.lookups(), prefix, stats.failed(), prefix, stats.wrong(), prefix, stats.meanHops());
  }
}
