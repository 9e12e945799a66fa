package org.dhtfl.rpc;

import java.net.InetAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Connections a server serves per remote host: at most a share of its total, so that one host
 * holding connections open (idle or dripping) leaves slots for the others, the ring's members among
 * them. Loopback is not counted: on one machine every party is the same host, and the cap could
 * only shut members out together with whoever holds the connections.
 */
final class HostSlots {

  private final int perHost;
  private final Map<InetAddress, Integer> open = new HashMap<>();

  HostSlots(int perHost) {
    this.perHost = perHost;
  }

  int perHost() {
    return perHost;
  }

  /** Takes a slot for the host; false when it has all its slots already. */
  synchronized boolean acquire(InetAddress host) {
    if (host == null || host.isLoopbackAddress()) {
      return true;
    }
    int now = open.getOrDefault(host, 0);
    if (now >= perHost) {
      return false;
    }
    open.put(host, now + 1);
    return true;
  }

  synchronized void release(InetAddress host) {
    if (host == null || host.isLoopbackAddress()) {
      return;
    }
    open.computeIfPresent(host, (h, n) -> n <= 1 ? null : n - 1);
  }

  synchronized int open(InetAddress host) {
    return open.getOrDefault(host, 0);
  }
}
