package org.dhtfl.node;

import java.util.List;
import java.util.concurrent.Executor;
import org.dhtfl.chord.ChordNode;
import org.dhtfl.chord.PeerException;
import org.dhtfl.jobs.ClassSums;
import org.dhtfl.jobs.FileAnswer;
import org.dhtfl.jobs.FileQuery;
import org.dhtfl.jobs.HeldJob;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobSpec;
import org.dhtfl.jobs.ModelScores;
import org.dhtfl.jobs.SubmitAnswer;

/**
 * The node's job service, as its Thrift handler and its hand-off see it: routed calls go to the
 * {@link FileRouter}, copies and hand-over to {@link Replication}, what the node itself holds comes
 * from its {@link ResultStore} and {@link JobExecutor}. It decides nothing itself.
 */
public final class JobService {

  private final JobExecutor executor;
  private final Replication replication;
  private final FileRouter router;

  /**
   * @param executor trains this node's jobs, into its result store
   * @param peers how calls reach other nodes
   * @param defaults what put_data jobs train (the node's own settings)
   * @param replicas successors that keep a copy of each result
   * @param background runs the copying
   */
  public JobService(ChordNode chord, JobExecutor executor, JobPeers peers, JobSpec defaults, int replicas,
      Executor background) {
    this.executor = executor;
    this.replication = new Replication(chord, executor, peers, defaults, replicas, background);
    this.router = new FileRouter(chord, peers, executor, replication,
        new FileEvaluator(executor.files()::read), defaults);
  }

  public int keyOf(String filename) {
    return router.keyOf(filename);
  }

  // ------------------------------------------------------------ routed to the key's owner

  /** put_data: see {@link FileRouter#put}. */
  public void put(String filename) throws FileRouter.RoutingException {
    router.put(filename);
  }

  /** get_model: see {@link FileRouter#get}. */
  public JobResult get(String filename) throws FileRouter.RoutingException {
    return router.get(filename);
  }

  /** deliver: see {@link FileRouter#accept}. */
  public void accept(String filename, List<Integer> path) throws FileRouter.RoutingException, PeerException {
    router.accept(filename, path);
  }

  /** submit_job: see {@link FileRouter#submit}. */
  public SubmitAnswer submit(JobRequest request, List<Integer> path) throws FileRouter.RoutingException, PeerException {
    return router.submit(request, path);
  }

  /** job_result: see {@link FileRouter#result}. */
  public JobResult result(JobKey job, List<Integer> path) throws FileRouter.RoutingException, PeerException {
    return router.result(job, path);
  }

  /** class_statistics: see {@link FileRouter#statistics}. */
  public FileAnswer<List<ClassSums>> statistics(FileQuery query, List<Integer> path)
      throws FileRouter.RoutingException, PeerException {
    return router.statistics(query, path);
  }

  /** score_models: see {@link FileRouter#scores}. */
  public FileAnswer<ModelScores> scores(FileQuery query, List<Integer> path)
      throws FileRouter.RoutingException, PeerException {
    return router.scores(query, path);
  }

  // ------------------------------------------------------------ this node itself

  /** held: what this node holds for the key, without routing. */
  public JobResult localResult(JobKey job) {
    return executor.results().get(job);
  }

  /** The jobs this node holds and trains, for the live page (see {@link ResultStore#overview}). */
  public List<HeldJob> overview() {
    return executor.overview(HeldJob.MAX_REPORTED);
  }

  /** store_replica: see {@link Replication#storeReplica}. */
  public void storeReplica(JobKey job) {
    replication.storeReplica(job);
  }

  /** take_over: see {@link Replication#takeOver}; returns the put_data files queued here. */
  public int takeOver(List<HandedJob> handed) {
    return replication.takeOver(handed);
  }

  /** When this node leaves: see {@link Replication#handOver}. */
  public List<HandedJob> handOver() {
    return replication.handOver();
  }
}
