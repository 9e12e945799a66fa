package org.dhtfl.node.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Supplier;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.ring.RingState;

/**
 * A compute node's own metrics: what its Chord core does (it hears the core's {@link
 * ChordNode.Events}, so the core knows nothing of the metrics library), what the ring looks like
 * from here, and its training jobs. The RPC server's and the JVM's metrics are registered beside
 * these by the program.
 */
public final class NodeMetrics implements ChordNode.Events {

  private static final double[] HOPS = {0, 1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 20, 32};
  private static final double[] TRAINING_SECONDS = {0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300};

  private final PrometheusRegistry registry;
  private final Counter stabilizeRounds;
  private final Counter stabilizeFailures;
  private final Counter lookups;
  private final Histogram hops;
  private final Counter jobsFinished;
  private final Histogram trainingSeconds;

  public NodeMetrics(Metrics metrics) {
    registry = metrics.registry();
    stabilizeRounds = Counter.builder().name("dhtfl_chord_stabilize_rounds_total")
        .help("Stabilization rounds run").register(registry);
    stabilizeFailures = Counter.builder().name("dhtfl_chord_stabilize_failures_total")
        .help("Stabilization rounds in which a successor asked did not answer").register(registry);
    lookups = Counter.builder().name("dhtfl_chord_lookups_total")
        .help("Lookups run by this node (for files, fingers and joins), by outcome: found or failed")
        .labelNames("outcome").register(registry);
    hops = Histogram.builder().name("dhtfl_chord_lookup_hops")
        .help("Remote nodes a successful lookup went through").classicOnly().classicUpperBounds(HOPS)
        .register(registry);
    jobsFinished = Counter.builder().name("dhtfl_jobs_finished_total")
        .help("Training jobs this node finished, by status: done or failed").labelNames("status")
        .register(registry);
    // Every label value from the start, so that a rate over them needs no sample to have happened.
    lookups.labelValues("found");
    lookups.labelValues("failed");
    jobsFinished.labelValues("done");
    jobsFinished.labelValues("failed");
    trainingSeconds = Histogram.builder().name("dhtfl_training_duration_seconds")
        .help("Time a job's training took").classicOnly().classicUpperBounds(TRAINING_SECONDS)
        .register(registry);
  }

  /** Registers the gauges read from the node's ring state and jobs, and hears every job it finishes. */
  public void watch(Supplier<RingState> ring, JobExecutor jobs) {
    GaugeWithCallback.builder().name("dhtfl_chord_known_nodes")
        .help("Distinct nodes this node knows: itself, its predecessor, successors and fingers")
        .callback(cb -> cb.call(known(ring.get()))).register(registry);
    GaugeWithCallback.builder().name("dhtfl_chord_successor_list_length")
        .help("Length of this node's successor list").callback(cb -> cb.call(ring.get().successors().size()))
        .register(registry);
    GaugeWithCallback.builder().name("dhtfl_jobs_queued").help("Jobs waiting for a worker")
        .callback(cb -> cb.call(Math.max(0, jobs.pending() - jobs.training()))).register(registry);
    GaugeWithCallback.builder().name("dhtfl_jobs_running").help("Jobs a worker trains now")
        .callback(cb -> cb.call(jobs.training())).register(registry);
    jobs.onDone((key, result) -> {
      boolean done = result.status() == JobStatus.DONE;
      jobsFinished.labelValues(done ? "done" : "failed").inc();
      if (done) {
        trainingSeconds.observe(result.trainMillis() / 1000.0);
      }
    });
  }

  @Override
  public void stabilized(boolean failed) {
    stabilizeRounds.inc();
    if (failed) {
      stabilizeFailures.inc();
    }
  }

  @Override
  public void lookedUp(int hopCount) {
    lookups.labelValues("found").inc();
    hops.observe(hopCount);
  }

  @Override
  public void lookupFailed() {
    lookups.labelValues("failed").inc();
  }

  static int known(RingState state) {
    Set<String> nodes = new HashSet<>();
    nodes.add(state.self().toString());
    state.predecessor().ifPresent(p -> nodes.add(p.toString()));
    state.successors().stream().map(NodeRef::toString).forEach(nodes::add);
    state.fingers().stream().map(NodeRef::toString).forEach(nodes::add);
    return nodes.size();
  }
}
