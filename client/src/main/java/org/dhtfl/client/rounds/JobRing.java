package org.dhtfl.client.rounds;

import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.rpc.RemoteException;

/**
 * What the round engine needs of the ring: take a file's job, and say how it stands. Thrift is
 * one implementation (put_data/get_model, or submit_job/job_result); tests use an in-memory one.
 */
public interface JobRing {

  /** Hands the job to the owner of its file; NEED_DATA when the owner wants the file's bytes with it. */
  SubmitAnswer submit(JobRequest request) throws RemoteException;

  /** Where the job stands at its owner. A MALFORMED failure means the owner's answer did not parse. */
  JobResult poll(JobKey key) throws RemoteException;
}
