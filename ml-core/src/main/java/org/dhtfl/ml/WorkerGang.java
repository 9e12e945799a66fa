package org.dhtfl.ml;

import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntConsumer;

/**
 * A fixed set of threads that run one task together, again and again: {@link #run()} runs
 * {@code task.accept(0)} on the caller and {@code task.accept(i)} on helper i (1 .. workers-1), and
 * returns when all have finished. The barriers make everything written before {@code run()} visible to
 * the helpers and everything they write visible after it. Nothing is allocated per run.
 */
final class WorkerGang implements AutoCloseable {
  private final IntConsumer task;
  private final CyclicBarrier start;
  private final CyclicBarrier finish;
  private final Thread[] helpers;
  private volatile boolean closing;
  private volatile Throwable failure;

  WorkerGang(int workers, IntConsumer task, String name) {
    if (workers < 2) {
      throw new IllegalArgumentException("workers " + workers + " must be at least 2");
    }
    this.task = task;
    start = new CyclicBarrier(workers);
    finish = new CyclicBarrier(workers);
    helpers = new Thread[workers - 1];
    for (int i = 0; i < helpers.length; i++) {
      int index = i + 1;
      Thread helper = new Thread(() -> helperLoop(index), name + "-" + index);
      helper.setDaemon(true);
      helpers[i] = helper;
    }
    for (Thread helper : helpers) {
      helper.start();
    }
  }

  /** Runs the task on every worker; rethrows the first failure of any of them. */
  void run() {
    await(start);
    try {
      task.accept(0);
    } catch (RuntimeException | Error e) {
      recordFailure(e);
    }
    await(finish);
    Throwable thrown = failure;
    if (thrown instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (thrown instanceof Error error) {
      throw error;
    }
  }

  private void helperLoop(int index) {
    try {
      while (true) {
        start.await();
        if (closing) {
          return;
        }
        try {
          task.accept(index);
        } catch (RuntimeException | Error e) {
          recordFailure(e);
        }
        finish.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (BrokenBarrierException e) {
      // The caller gave up (interrupted or closing): stop.
    }
  }

  private void recordFailure(Throwable e) {
    synchronized (this) {
      if (failure == null) {
        failure = e;
      }
    }
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await();
    } catch (InterruptedException e) {
      // An interrupted await breaks the barrier, so the helpers stop too.
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while training", e);
    } catch (BrokenBarrierException e) {
      throw new IllegalStateException("a training thread stopped", e);
    }
  }

  /** Stops and joins the helpers. */
  @Override
  public void close() {
    closing = true;
    boolean interrupted = false;
    if (!start.isBroken()) {
      // Meets the helpers at the start once more; they see closing and return. A helper that
      // does not come in time (or an interrupt) breaks the barrier, which stops the others.
      try {
        start.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (BrokenBarrierException | TimeoutException e) {
        // Broken: the helpers stop by themselves.
      }
    }
    for (Thread helper : helpers) {
      while (helper.isAlive()) {
        try {
          helper.join();
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
