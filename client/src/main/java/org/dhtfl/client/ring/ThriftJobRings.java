package org.dhtfl.client.ring;

import java.util.List;
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

/**
 * The ring over Thrift, as the round engine sees it (the reference's calls, or the job calls of
 * --rounds) and as head calibration does (the query calls of --calibrate-head). The calls of a
 * --rounds run show the nodes the run's secret, without which no node takes them.
 */
public final class ThriftJobRings {

  private ThriftJobRings() {
  }

  /**
   * The reference client's calls: put_data through the entry node (the node trains the file from
   * its own data folder, as put_data specifies), get_model at the file's owner.
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
    };
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
