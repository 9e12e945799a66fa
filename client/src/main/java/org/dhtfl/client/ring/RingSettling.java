package org.dhtfl.client.ring;

import java.time.Duration;
import java.util.function.LongSupplier;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;

/**
 * Waits, briefly, until the ring walked from the entry holds as many members as the supernode
 * lists. A node is listed once it confirms its join, but its predecessor points to it only at its
 * next stabilization (half a second by default): a job that walked the ring in between would send
 * the new node's keys to a node that no longer owns them, and those files would fail.
 */
public final class RingSettling {

  /** How long a client waits for the ring to take in the members the supernode lists. */
  static final Duration LIMIT = Duration.ofSeconds(3);
  private static final long PAUSE_MS = 100;

  /** A count read over the wire. */
  interface Count {
    int get() throws RemoteException;
  }

  /** A pause between two looks. */
  interface Pause {
    void sleep(long ms) throws InterruptedException;
  }

  private RingSettling() {
  }

  /**
   * Waits for the ring walked from {@code entry} to hold the supernode's members; gives up quietly
   * after {@link #LIMIT} (a listed member may have crashed) or when either cannot be asked.
   */
  public static void await(String supernodeHost, int supernodePort, NodeRef entry, RpcSettings rpc)
      throws InterruptedException {
    await(() -> Rpc.supernode(supernodeHost, supernodePort, rpc, c -> c.get_members().size()),
        () -> RingWalk.walk(entry, rpc).size(), LIMIT, Thread::sleep, System::nanoTime);
  }

  /**
   * Looks at the listed and the walked count until the walk holds at least as many members as are
   * listed, or {@code limit} has passed.
   *
   * @return whether the ring held every listed member in time
   */
  static boolean await(Count listed, Count walked, Duration limit, Pause pause, LongSupplier nanoTime)
      throws InterruptedException {
    long deadline = nanoTime.getAsLong() + limit.toNanos();
    while (true) {
      try {
        if (walked.get() >= listed.get()) {
          return true;
        }
      } catch (RemoteException e) {
        return false;
      }
      if (nanoTime.getAsLong() >= deadline) {
        return false;
      }
      pause.sleep(PAUSE_MS);
    }
  }
}
