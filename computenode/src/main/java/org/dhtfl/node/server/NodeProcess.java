package org.dhtfl.node.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.dhtfl.chord.JoinException;
import org.dhtfl.metrics.Metrics;
import org.dhtfl.node.JobExecutor;
import org.dhtfl.ring.NodeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A compute node process and the positions it holds on the ring (--virtual V; reports/design.md,
 * "Virtual nodes"). Position 1 serves on the process's port, position k on port + (k - 1) x step;
 * each is a whole Chord node, admitted by the supernode at its own listed address, with its own
 * results, and all of them train on one pool of workers. With V = 1 it is the one node it always was.
 */
public final class NodeProcess implements AutoCloseable {

  /** The most positions one process may hold. */
  public static final int MAX_POSITIONS = 16;

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final List<ComputeNodeServer> positions;
  private final ExecutorService trainers;

  private NodeProcess(List<ComputeNodeServer> positions, ExecutorService trainers) {
    this.positions = List.copyOf(positions);
    this.trainers = trainers;
  }

  /** The ports of {@code count} positions from {@code port} on, {@code step} apart. */
  public static List<Integer> ports(int port, int count, int step) {
    if (count < 1 || count > MAX_POSITIONS) {
      throw new IllegalArgumentException("positions " + count + " out of range 1.." + MAX_POSITIONS);
    }
    if (count > 1 && step < 1) {
      throw new IllegalArgumentException("port step " + step + " must be at least 1");
    }
    long last = port + (long) (count - 1) * step;
    if (last > 65_535) {
      throw new IllegalArgumentException(count + " positions from port " + port + ", " + step
          + " apart, end at port " + last + ", past 65535");
    }
    List<Integer> ports = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      ports.add(port + k * step);
    }
    return ports;
  }

  /**
   * Joins every position in turn, the process's own port first, and says the node runs once all are
   * in the ring. A position that cannot join makes the ones already in leave again.
   *
   * @param metrics where the first position's metrics go; the others' are not exposed
   */
  public static NodeProcess start(ComputeNodeServer.Options options, int count, int step, CountDownLatch stop,
      Metrics metrics) throws JoinException, IOException, StoppedBeforeJoining {
    List<Integer> ports = ports(options.port(), count, step);
    for (int port : ports) {
      ComputeNodeServer.checkPortFree(options.bind(), port);
    }
    ExecutorService trainers = JobExecutor.boundedPool(options.workers(), options.queueCapacity());
    List<NodeRef> admitted = new CopyOnWriteArrayList<>();
    Supplier<List<NodeRef>> named = count == 1 ? List::of : () -> List.copyOf(admitted);
    List<ComputeNodeServer> started = new ArrayList<>();
    try {
      for (int k = 0; k < count; k++) {
        ComputeNodeServer node = k == 0
            ? ComputeNodeServer.start(options, stop, metrics, count == 1 ? trainers : new TrainerShare(trainers), named)
            : ComputeNodeServer.start(options.position(ports.get(k)), stop, Metrics.unexposed(),
                new TrainerShare(trainers), named);
        started.add(node);
        admitted.add(node.self());
        if (k > 0) {
          LOG.info("position {} of {}: node {} in the ring", k + 1, count, node.self());
        }
      }
    } catch (JoinException | IOException | StoppedBeforeJoining | RuntimeException e) {
      new NodeProcess(started, trainers).close();
      throw e;
    }
    LOG.info("{}", started.get(0).running());
    if (count > 1) {
      LOG.info("positions of this node: {}", admitted);
    }
    return new NodeProcess(started, trainers);
  }

  /** The positions, the process's own port first. */
  public List<ComputeNodeServer> positions() {
    return positions;
  }

  /**
   * Every position leaves the ring in turn, the last joined first, so that no two hand their jobs to
   * each other at once; then all stop serving together, as each server waits for its threads.
   */
  @Override
  public void close() {
    List<ComputeNodeServer> leaving = new ArrayList<>(positions);
    Collections.reverse(leaving);
    leaving.forEach(ComputeNodeServer::leave);
    List<Thread> stopping = new ArrayList<>();
    for (ComputeNodeServer position : leaving) {
      Thread stop = new Thread(position::stopServing, "stop-node-" + position.self().id());
      stop.start();
      stopping.add(stop);
    }
    for (Thread stop : stopping) {
      try {
        stop.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    trainers.shutdownNow();
  }
}
