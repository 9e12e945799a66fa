package org.dhtfl.client.ring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.apache.thrift.TException;
import org.dhtfl.client.rounds.Attempt;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.thrift.ComputeNode;

/**
 * One call per owner for many files (submit_jobs, job_results; reports/design.md, "One call per
 * owner"): the files are grouped by the node the client takes for each one's owner
 * ({@link OwnerCache#ownerOf}) and each group goes to its node in one call, at most
 * {@link #MAX_BATCH} files a call. A file its node does not own, and every file of a node that
 * fails the call, goes alone the way the per-file call goes (through the ring, which routes it).
 */
final class OwnerCalls {

  /**
   * The most files in one call: well within the limits a node sets on a request's containers
   * (1,024 elements for a call without weights) and on a message's bytes.
   */
  static final int MAX_BATCH = 256;

  /** The call at one node for a group of items. */
  @FunctionalInterface
  interface GroupCall<I, W> {
    List<W> call(ComputeNode.Client client, List<I> items) throws TException;
  }

  /** An item's answer from the group's call; empty when the node does not own the item's key. */
  @FunctionalInterface
  interface Decoder<I, W, A> {
    Optional<A> decode(I item, W wire);
  }

  /** The per-file call, for an item the group's node did not serve. */
  @FunctionalInterface
  interface Alone<I, A> {
    A call(I item) throws RemoteException;
  }

  /** The threads of the calls at a round's other nodes: made when needed, gone after a minute idle. */
  private static final ExecutorService CALLS = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "owner-call");
    thread.setDaemon(true);
    return thread;
  });

  private OwnerCalls() {
  }

  /** The items' attempts, in the items' order. {@code what} names an answer that does not decode. */
  static <I, W, A> List<Attempt<A>> perOwner(OwnerCache owners, List<I> items, Function<I, String> filename,
      GroupCall<I, W> call, Decoder<I, W, A> decoder, Alone<I, A> alone, String what) {
    @SuppressWarnings("unchecked")
    Attempt<A>[] attempts = new Attempt[items.size()];
    Map<NodeRef, List<Integer>> groups = new LinkedHashMap<>();
    for (int i = 0; i < items.size(); i++) {
      groups.computeIfAbsent(owners.ownerOf(filename.apply(items.get(i))), n -> new ArrayList<>()).add(i);
    }
    Map<String, List<Map.Entry<NodeRef, List<Integer>>>> byAddress = new LinkedHashMap<>();
    for (Map.Entry<NodeRef, List<Integer>> group : groups.entrySet()) {
      byAddress.computeIfAbsent(group.getKey().address(), a -> new ArrayList<>()).add(group);
    }
    List<Runnable> perAddress = new ArrayList<>();
    for (List<Map.Entry<NodeRef, List<Integer>>> atAddress : byAddress.values()) {
      perAddress.add(() -> {
        for (Map.Entry<NodeRef, List<Integer>> group : atAddress) {
          callGroup(owners, items, group.getKey(), group.getValue(), call, decoder, alone, what, attempts);
        }
      });
    }
    runAtOnce(perAddress);
    return Arrays.asList(attempts);
  }

  /** The calls of one group at its node, a chunk at a time, each item's attempt into {@code attempts}. */
  private static <I, W, A> void callGroup(OwnerCache owners, List<I> items, NodeRef node, List<Integer> indices,
      GroupCall<I, W> call, Decoder<I, W, A> decoder, Alone<I, A> alone, String what, Attempt<A>[] attempts) {
    for (int from = 0; from < indices.size(); from += MAX_BATCH) {
      List<Integer> chunk = indices.subList(from, Math.min(indices.size(), from + MAX_BATCH));
      List<I> chunkItems = chunk.stream().map(items::get).toList();
      List<W> answers;
      try {
        answers = owners.callAt(node, c -> call.call(c, chunkItems));
      } catch (RemoteException e) {
        answers = List.of();
      }
      for (int j = 0; j < chunk.size(); j++) {
        I item = chunkItems.get(j);
        attempts[chunk.get(j)] = answers.size() == chunk.size()
            ? decoded(item, answers.get(j), decoder, alone, what)
            : Attempt.of(() -> alone.call(item));
      }
    }
  }

  /**
   * Runs the tasks at once, one thread each (the first here, the others on {@link #CALLS}), and returns when
   * all are done; a task's unchecked exception is thrown here. The nodes then handle their groups side by
   * side: one after the other, a round's submissions waited for each node's answer in turn, and the first
   * job on freshly started nodes paid each node's first call in turn (reports/benchmarks.md).
   */
  private static void runAtOnce(List<Runnable> tasks) {
    List<Future<?>> others = new ArrayList<>();
    for (Runnable task : tasks.subList(Math.min(1, tasks.size()), tasks.size())) {
      others.add(CALLS.submit(task));
    }
    RuntimeException failure = null;
    try {
      if (!tasks.isEmpty()) {
        tasks.get(0).run();
      }
    } catch (RuntimeException e) {
      failure = e;
    }
    boolean interrupted = false;
    for (Future<?> other : others) {
      while (true) {
        try {
          other.get();
          break;
        } catch (InterruptedException e) {
          interrupted = true;   // the calls end by their own timeouts; the caller sees the flag after them
        } catch (ExecutionException e) {
          if (failure == null) {
            failure = e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
          }
          break;
        }
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static <I, W, A> Attempt<A> decoded(I item, W wire, Decoder<I, W, A> decoder, Alone<I, A> alone,
      String what) {
    Optional<A> answer;
    try {
      answer = decoder.decode(item, wire);
    } catch (IllegalArgumentException e) {
      return Attempt.failed(RemoteException.malformed(what + " " + item, e));
    }
    return answer.isPresent() ? Attempt.answered(answer.get()) : Attempt.of(() -> alone.call(item));
  }

  /** How long a read may wait at its node: what the round asks, at most half the client's call timeout. */
  static int waitMs(OwnerCache owners, Duration wait) {
    return (int) Math.max(0, Math.min(wait.toMillis(), owners.settings().callTimeoutMs() / 2));
  }
}
