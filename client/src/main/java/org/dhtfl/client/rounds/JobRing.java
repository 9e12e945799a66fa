package org.dhtfl.client.rounds;

import java.time.Duration;
import java.util.List;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.rpc.RemoteException;

/**
 * What the round engine needs of the ring: take a file's job, and say how it stands, for one file
 * or for many at once. Thrift is one implementation (put_data/get_model, or submit_job/job_result,
 * and for many files one call per owner); tests use an in-memory one.
 */
public interface JobRing {

  /** Hands the job to the owner of its file; NEED_DATA when the owner wants the file's bytes with it. */
  SubmitAnswer submit(JobRequest request) throws RemoteException;

  /** Where the job stands at its owner. A MALFORMED failure means the owner's answer did not parse. */
  JobResult poll(JobKey key) throws RemoteException;

  /** Each job handed over as {@link #submit} hands it; the attempts in the requests' order. */
  default List<Attempt<SubmitAnswer>> submitAll(List<JobRequest> requests) {
    return requests.stream().map(r -> Attempt.of(() -> submit(r))).toList();
  }

  /**
   * Where each job stands, as {@link #poll} says; the attempts in the keys' order. A ring that
   * {@link #waits} may first wait up to {@code wait} for the jobs to finish.
   */
  default List<Attempt<JobResult>> pollAll(List<JobKey> keys, Duration wait) {
    return keys.stream().map(k -> Attempt.of(() -> poll(k))).toList();
  }

  /** Whether {@link #pollAll} waits for jobs to finish (then the engine need not pause between polls). */
  default boolean waits() {
    return false;
  }
}
