package org.dhtfl.node.thrift;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.node.HandedJob;
import org.dhtfl.node.TrainingSpecs;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.thrift.Handoff;

/** What a leaving predecessor hands over (take_over), read from the wire and checked. */
final class HandoffWire {

  private HandoffWire() {
  }

  /**
   * The jobs and results offered; an item without a result is a job still waiting at {@code selfId}.
   * Fails with IllegalArgumentException naming what is malformed.
   */
  static List<HandedJob> fromThrift(List<Handoff> items, int selfId) {
    List<HandedJob> handed = new ArrayList<>();
    for (Handoff item : items == null ? List.<Handoff>of() : items) {
      JobKey key = item.isSetKey() ? JobWire.fromThrift(item.getKey()) : JobKey.reference(item.getFilename());
      Optional<JobRequest> pending = item.isSetJob() ? Optional.of(JobWire.fromThrift(item.getJob()))
          : Optional.empty();
      pending.ifPresent(TrainingSpecs::check);
      JobResult result = item.isSetResult()
          ? TrainingSpecs.checkResult(JobWire.fromThrift(key.filename(), item.getResult()))
          : JobResult.waiting(key.filename(), selfId);
      handed.add(new HandedJob(key, result, pending));
    }
    return handed;
  }
}
