package org.dhtfl.node.server;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * One position's share of its process's trainers ({@link NodeProcess}): work goes to the one pool
 * all positions train on, and shutting the share down refuses the position's further work without
 * stopping the pool, which the other positions still use. Work already handed over runs on.
 */
final class TrainerShare extends AbstractExecutorService {

  private final ExecutorService pool;
  private volatile boolean shutdown;

  TrainerShare(ExecutorService pool) {
    this.pool = Objects.requireNonNull(pool, "pool");
  }

  @Override
  public void execute(Runnable task) {
    if (shutdown) {
      throw new RejectedExecutionException("this position stopped training");
    }
    pool.execute(task);
  }

  @Override
  public void shutdown() {
    shutdown = true;
  }

  @Override
  public List<Runnable> shutdownNow() {
    shutdown = true;
    return List.of();
  }

  @Override
  public boolean isShutdown() {
    return shutdown;
  }

  /** True once shut down: what this share handed to the pool is the pool's to finish. */
  @Override
  public boolean isTerminated() {
    return shutdown;
  }

  @Override
  public boolean awaitTermination(long timeout, TimeUnit unit) {
    return shutdown;
  }
}
