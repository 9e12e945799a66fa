package org.dhtfl.client.ring;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.dhtfl.client.rounds.Attempt;
import org.dhtfl.client.rounds.JobRing;
import org.dhtfl.client.rounds.QueryRing;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.rpc.JobWire;
import org.dhtfl.rpc.QueryWire;
import org.dhtfl.rpc.RemoteCalls;
import org.dhtfl.rpc.RemoteException;
import org.dhtfl.rpc.Rpc;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.compute_nodeConstants;

/**
 * The ring over Thrift, as the round engine sees it (the reference's calls, or the job calls of
 * --rounds, for a round's files one call per owner: {@link OwnerCalls}) and as head calibration does
 * (the query calls of --calibrate-head). The calls of a --rounds run show the nodes the run's
 * secret, without which no node takes them.
 */
public final class ThriftJobRings {

  private ThriftJobRings() {
  }

  /**
   * The reference client's calls: put_data through the entry node (the node trains the file from
   * its own data folder, as put_data specifies), get_model at the file's owner; for a round's
   * files put_files and job_results, one call per owner.
   */
  public static JobRing putData(OwnerCache owners) {
    return new JobRing() {
      @Override
      public SubmitAnswer submit(JobRequest request) throws RemoteException {
        String file = request.key().filename();
        owners.entry().call(c -> {
          c.put_data(file);
          return null;
        });
        return SubmitAnswer.ACCEPTED;
      }

      @Override
      public JobResult poll(JobKey key) throws RemoteException {
        return atOwner(owners, key.filename(), c -> c.get_model(key.filename()),
            m -> JobWire.fromThrift(key.filename(), m), "result of " + key);
      }

      /**
       * put_files at each owner (which routes a file it does not own as put_data does), put_data
       * through the entry node for the files of an owner that does not answer.
       */
      @Override
      public List<Attempt<SubmitAnswer>> submitAll(List<JobRequest> requests) {
        return OwnerCalls.perOwner(owners, requests, r -> r.key().filename(), (c, chunk) -> {
          c.put_files(chunk.stream().map(r -> r.key().filename()).toList());
          return Collections.nCopies(chunk.size(), SubmitAnswer.ACCEPTED);
        }, (r, answer) -> Optional.of(answer), this::submit, "put_files of");
      }

      /** job_results at each owner (the put_data run needs no secret), get_model for what they do not serve. */
      @Override
      public List<Attempt<JobResult>> pollAll(List<JobKey> keys, Duration wait) {
        return results(owners, keys, null, wait, this::poll);
      }

      @Override
      public boolean waits() {
        return true;
      }
    };
  }

  /**
   * The calls of --rounds: submit_job (with the start model, and the file's bytes when asked) and
   * job_result, each with the run's secret.
   */
  public static JobRing submitJob(OwnerCache owners, RunSecret secret) {
    return new JobRing() {
      @Override
      public SubmitAnswer submit(JobRequest request) throws RemoteException {
        org.dhtfl.thrift.Job job = JobWire.toThrift(request.withSecret(secret));
        return atOwner(owners, request.key().filename(), c -> c.submit_job(job, List.of()),
            SubmitAnswer::parse, "submit_job of " + request.key());
      }

      @Override
      public JobResult poll(JobKey key) throws RemoteException {
        return atOwner(owners, key.filename(), c -> c.job_result(JobWire.toThrift(key), List.of(), secret.value()),
            m -> JobWire.fromThrift(key.filename(), m), "result of " + key);
      }

      /** submit_jobs at each owner, submit_job for what they do not serve. */
      @Override
      public List<Attempt<SubmitAnswer>> submitAll(List<JobRequest> requests) {
        return OwnerCalls.perOwner(owners, requests, r -> r.key().filename(),
            (c, chunk) -> c.submit_jobs(chunk.stream().map(r -> JobWire.toThrift(r.withSecret(secret))).toList()),
            (r, answer) -> answer.equals(compute_nodeConstants.NOT_OWNER) ? Optional.empty()
                : Optional.of(SubmitAnswer.parse(answer)), this::submit, "submit_jobs of");
      }

      /** job_results at each owner, job_result for what they do not serve. */
      @Override
      public List<Attempt<JobResult>> pollAll(List<JobKey> keys, Duration wait) {
        return results(owners, keys, secret.value(), wait, this::poll);
      }

      @Override
      public boolean waits() {
        return true;
      }
    };
  }

  /** job_results at each owner, waiting there up to {@code wait}; {@code alone} for what they do not serve. */
  private static List<Attempt<JobResult>> results(OwnerCache owners, List<JobKey> keys, String secret, Duration wait,
      OwnerCalls.Alone<JobKey, JobResult> alone) {
    int waitMs = OwnerCalls.waitMs(owners, wait);
    return OwnerCalls.perOwner(owners, keys, JobKey::filename,
        (c, chunk) -> c.job_results(chunk.stream().map(JobWire::toThrift).toList(), secret, waitMs),
        (k, m) -> compute_nodeConstants.NOT_OWNER.equals(m.getStatus()) ? Optional.empty()
            : Optional.of(JobWire.fromThrift(k.filename(), m)), alone, "result of");
  }

  /**
   * The calls of --calibrate-head and --standardize: class_statistics and score_models at the file's
   * owner, with the run's secret.
   */
  public static QueryRing queries(OwnerCache owners, RunSecret secret) {
    return new QueryRing() {
      @Override
      public FileAnswer<List<ClassSums>> statistics(FileQuery query) throws RemoteException {
        org.dhtfl.thrift.FileQuery wire = QueryWire.toThrift(query.withSecret(secret));
        return atOwner(owners, query.filename(), c -> c.class_statistics(wire, List.of()),
            QueryWire::fromThrift, "class_statistics of " + query.filename());
      }

      @Override
      public FileAnswer<ModelScores> scores(FileQuery query) throws RemoteException {
        org.dhtfl.thrift.FileQuery wire = QueryWire.toThrift(query.withSecret(secret));
        return atOwner(owners, query.filename(), c -> c.score_models(wire, List.of()),
            QueryWire::fromThrift, "score_models of " + query.filename());
      }
    };
  }

  /** One call at the owner of {@code filename}, decoded; an answer that does not decode is malformed, named by {@code what}. */
  private static <W, D> D atOwner(OwnerCache owners, String filename, Rpc.Call<ComputeNode.Client, W> call,
      RemoteCalls.Decoder<W, D> decoder, String what) throws RemoteException {
    return RemoteCalls.call(() -> owners.call(filename, call), decoder, e -> RemoteException.malformed(what, e));
  }
}
