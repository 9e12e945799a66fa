package org.dhtfl.node;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
import org.dhtfl.jobs.RunSecret;
import org.dhtfl.jobs.SubmitAnswer;

/**
 * The node's job service, as its Thrift handler and its hand-off see it: routed calls go to the
 * {@link FileRouter}, copies and hand-over to {@link Replication}, what the node itself holds comes
 * from its {@link ResultStore} and {@link JobExecutor}. It decides one thing itself, in
 * {@link #open}: a routed call for a run is taken only with the run's secret.
 */
public final class JobService {

  private final JobExecutor executor;
  private final Replication replication;
  private final FileRouter router;
  private final OwnerBatches batches;

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
    this.batches = new OwnerBatches(chord, router, executor.results());
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

  /** submit_job, with the run's secret: see {@link FileRouter#submit}. */
  public SubmitAnswer submit(JobRequest request, List<Integer> path) throws FileRouter.RoutingException, PeerException {
    open(request.key().runId(), request.secret(), false);
    return router.submit(request, path);
  }

  /** job_result, with the run's secret: see {@link FileRouter#result}. */
  public JobResult result(JobKey job, Optional<RunSecret> secret, List<Integer> path)
      throws FileRouter.RoutingException, PeerException {
    open(job.runId(), secret, true);
    return router.result(job, secret, path);
  }

  /** class_statistics, with the secret of the query's run: see {@link FileRouter#statistics}. */
  public FileAnswer<List<ClassSums>> statistics(FileQuery query, List<Integer> path)
      throws FileRouter.RoutingException, PeerException {
    open(query);
    return router.statistics(query, path);
  }

  /** score_models, with the secret of the query's run: see {@link FileRouter#scores}. */
  public FileAnswer<ModelScores> scores(FileQuery query, List<Integer> path)
      throws FileRouter.RoutingException, PeerException {
    open(query);
    return router.scores(query, path);
  }

  // ------------------------------------------------------------ one call per owner

  /** put_files: see {@link OwnerBatches#put}. */
  public void putAll(List<String> filenames) {
    batches.put(filenames);
  }

  /** submit_jobs, each job with its run's secret: see {@link OwnerBatches#submit}. */
  public List<Optional<SubmitAnswer>> submitOwned(List<JobRequest> requests) {
    requests.forEach(r -> open(r.key().runId(), r.secret(), false));
    return batches.submit(requests);
  }

  /** job_results, with the runs' secret: see {@link OwnerBatches#results}. */
  public List<Optional<JobResult>> resultsOwned(List<JobKey> keys, Optional<RunSecret> secret, Duration wait) {
    keys.forEach(k -> open(k.runId(), secret, true));
    return batches.results(keys, secret, wait);
  }

  /**
   * A call for a run is taken only with the run's secret ({@link RunSecret#open}), at every node it
   * reaches, since any caller may claim to pass a call on. The one exception is reading a result of
   * the reference's put_data run, which has no secret: get_model reads it through job_result, and
   * anyone may call get_model. Fails with IllegalArgumentException naming the run, never the secret.
   */
  private static void open(String runId, Optional<RunSecret> secret, boolean read) {
    if (!(read && runId.equals(JobKey.REFERENCE_RUN))) {
      RunSecret.open(runId, secret);
    }
  }

  /** A query names its run by the run's secret alone: one without a secret names no run, and is refused. */
  private static void open(FileQuery query) {
    if (query.secret().isEmpty()) {
      throw new IllegalArgumentException("the query of " + query.filename() + " names no run: a query needs the "
          + "secret of the run it is for, which only its client holds");
    }
  }

  // ------------------------------------------------------------ this node itself

  /**
   * held: what this node holds for the key, without routing. A run's key is read with the run's
   * secret or with the copy token this node sent for it ({@link Replication#storeReplica}); the
   * reference's put_data run needs neither. Fails with IllegalArgumentException naming the run.
   */
  public JobResult localResult(JobKey job, ReadProof proof) {
    if (!proof.copyToken().map(token -> replication.opens(job, token)).orElse(false)) {
      open(job.runId(), proof.secret(), true);
    }
    return executor.results().get(job);
  }

  /** The jobs this node holds and trains, for the live page (see {@link ResultStore#overview}). */
  public List<HeldJob> overview() {
    return executor.overview(HeldJob.MAX_REPORTED);
  }

  /** The copy token this node sends its successors with store_replica for the key. */
  byte[] copyToken(JobKey job) {
    return replication.copyToken(job);
  }

  /** store_replica: see {@link Replication#storeReplica}. */
  public void storeReplica(JobKey job, byte[] copyToken) {
    replication.storeReplica(job, copyToken);
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
