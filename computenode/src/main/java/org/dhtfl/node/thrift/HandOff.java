package org.dhtfl.node.thrift;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.node.HandedJob;
import org.dhtfl.node.JobService;
import org.dhtfl.ring.NodeRef;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.rpc.RpcSettings;
import org.dhtfl.thrift.Handoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a leaving node gives its successor so that nothing is lost: every result it holds, and
 * every job it had not trained yet, with the file's bytes when the job did not carry them.
 */
public final class HandOff {

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.node");

  private final RpcSettings settings;

  public HandOff(RpcSettings settings) {
    this.settings = settings;
  }

  /** Stops the jobs and offers what they held to the successors in order, until one takes it. */
  public void leave(JobService jobs, List<NodeRef> successors) {
    List<Handoff> items = items(jobs.handOver());
    if (items.isEmpty()) {
      return;
    }
    for (NodeRef successor : successors) {
      try {
        Rpc.computeNode(successor, settings, c -> {
          c.take_over(items);
          return null;
        });
        LOG.info("handed {} jobs and results to node {}", items.size(), successor);
        return;
      } catch (RemoteException e) {
        LOG.warn("node {} did not take over: {}", successor, e.getMessage());
      }
    }
    LOG.warn("no successor took over {} jobs and results; they are lost", items.size());
  }

  static List<Handoff> items(List<HandedJob> handed) {
    List<Handoff> items = new ArrayList<>();
    for (HandedJob h : handed) {
      Handoff item = new Handoff(h.key().filename());
      item.setKey(JobWire.toThrift(h.key()));
      if (h.pending().isPresent()) {
        item.setJob(JobWire.toThrift(h.pending().get()));
      } else if (h.result().status() != JobStatus.WAIT) {
        item.setResult(JobWire.toThrift(h.result()));
      }
      items.add(item);
    }
    return items;
  }
}
