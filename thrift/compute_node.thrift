// A compute node: a member of the Chord ring that stores and trains the files whose keys it
// owns.
//
// Wire contract: the methods and field ids of the reference system (marked "reference") keep
// their names, ids and types, so the reference's Python client drives a Java ring unchanged.
// Everything dhtfl adds is a new method or an optional field. Transport: TBinaryProtocol on a
// plain buffered socket. Node references always carry id, host and port together, so routing
// never asks the supernode for an address.
//
// Names must suit every language Thrift generates for, not only Java: a node's own reference
// is `node`, because a field named `self` gives Python a constructor that does not compile.
// Only ids and types are on the wire, so a field may be renamed, never renumbered.

include "supernode.thrift"

namespace java org.dhtfl.thrift
namespace py compute_node

// Model.status values (the reference's words) and the answers of submit_job.
const string STATUS_WAIT = "wait"
const string STATUS_DONE = "done"
const string STATUS_NOT_FOUND = "not_found"
const string STATUS_FAILED = "failed"
const string SUBMIT_ACCEPTED = "accepted"
const string SUBMIT_NEED_DATA = "need_data"
// The answer of submit_jobs for a job, and the status of job_results for a key, that the node
// asked does not own: the caller sends that file's call on its own (submit_job, job_result), which
// the ring routes.
const string NOT_OWNER = "not_owner"
// HeldJob.state values besides STATUS_DONE and STATUS_FAILED.
const string HELD_QUEUED = "queued"
const string HELD_TRAINING = "training"

/**
 * dhtfl's compact form of a matrix (weights, or a change of weights): runs of rows of one width,
 * rows[i] rows of widths[i] values each, then every value, row after row, as an IEEE 754 double of
 * 8 bytes, most significant byte first (numpy: frombuffer(values, ">f8")). A model's W holds a run
 * for each width of its hidden layers.
 */
struct Matrix {
  1: list<i32> rows,
  2: list<i32> widths,
  3: binary values
}

/**
 * A training result. reference: V ((H+1) x K) and W ((D+1) x H) hold the weight change
 * (trained minus initial), error_rate the training error as a fraction, status one of
 * "wait", "done", "not_found", "failed". dhtfl adds why a job failed, who trained it on how many
 * rows, and the model kind, seed and random source (init: "glibc" or "numpy") that give the
 * start weights the change is relative to.
 */
struct Model {
  1: list<list<double>> V,
  2: list<list<double>> W,
  3: double error_rate,
  4: string status,
  // dhtfl
  5: optional string reason,
  6: optional i32 trained_by,
  7: optional i32 rows,
  8: optional i32 epochs,
  9: optional i64 train_ms,
  10: optional string model,
  11: optional i64 seed,
  12: optional string init,
  // V and W in compact form, in place of V and W (then absent): every answer but get_model's
  13: optional Matrix packed_V,
  14: optional Matrix packed_W
}

/** The ring could not answer: no live node was reachable on the way. */
exception Unavailable {
  1: string message
}

/** A node and its nearest neighbours, as that node sees them. */
struct Neighbours {
  1: supernode.NodeRef node,
  2: optional supernode.NodeRef predecessor,
  3: list<supernode.NodeRef> successors
}

/**
 * One hop of an iterative lookup, answered from the asked node's own state: its successor
 * list, and the nodes it knows in (node, key), closest to the key first.
 */
struct RouteStep {
  1: supernode.NodeRef node,
  2: list<supernode.NodeRef> successors,
  3: list<supernode.NodeRef> preceding
}

/** Where a key lives, and the IDs of the nodes the lookup went through. */
struct Lookup {
  1: supernode.NodeRef owner,
  2: list<i32> path
}

/** A node leaving gracefully hands over its predecessor and its successor list. */
struct Leaving {
  1: supernode.NodeRef leaver,
  2: optional supernode.NodeRef predecessor,
  3: list<supernode.NodeRef> successors
}

/**
 * What to train and how; seed and init ("glibc", "numpy" or "he") give the start weights when a job carries none;
 * mu is FedProx's proximal term (absent: 0, none).
 */
struct TrainSpec {
  1: string model,
  2: i32 hidden,
  3: i32 classes,
  4: i32 epochs,
  5: double eta,
  6: double momentum,
  7: bool early_stop,
  8: bool eta_per_row,
  9: optional i64 seed,
  10: optional string init,
  11: optional double mu,
  // dhtfl models of several layers: the hidden widths, first to last (`hidden` is the last one's);
  // absent: one layer of `hidden` units
  12: optional list<i32> layers,
  // rows per step; absent or 0: the whole file
  13: optional i32 batch,
  // "sgd" (the reference's momentum step; absent) or "adam"
  14: optional string optimizer,
  // the inputs enter as (x - feature_mean) / feature_scale, one value per feature; absent: raw inputs
  15: optional list<double> feature_mean,
  16: optional list<double> feature_scale
}

/**
 * Model weights (not a change): V ((H+1) x K) and W ((D+1) x H, empty for logistic), as lists or
 * in compact form (then V and W are absent).
 */
struct Weights {
  1: list<list<double>> V,
  2: list<list<double>> W,
  3: optional Matrix packed_V,
  4: optional Matrix packed_W
}

/** One file in one round of a federated run; the file's key is SHA-1(filename) mod 2^m. */
struct JobKey {
  1: string run_id,
  2: i32 round,
  3: string filename
}

/**
 * A job a node holds, for watching the ring: where it stands ("queued", "training", "done",
 * "failed") and, once finished, the node that trained it (another node's ID: a copy kept for a
 * neighbour).
 */
struct HeldJob {
  1: JobKey key,
  2: string state,
  3: optional i32 trained_by
}

/**
 * Everything a node knows about the ring; fingers[i] is the successor of id + 2^i. `held`: the
 * jobs the node holds and trains, the newest round of each run and file, newest first, at most
 * 1,000 (the live page draws their keys).
 */
struct RingState {
  1: supernode.NodeRef node,
  2: optional supernode.NodeRef predecessor,
  3: list<supernode.NodeRef> successors,
  4: list<supernode.NodeRef> fingers,
  5: i32 bits,
  // dhtfl watch
  6: optional list<HeldJob> held,
  /**
   * dhtfl --virtual: every position on the ring of the process this node is one of, itself
   * included, the one on the process's own port first; absent when the process holds one.
   */
  7: optional list<supernode.NodeRef> positions
}

/**
 * A training job: start from `start`, train with `spec` on the file. `data` carries the file's
 * bytes when the owner does not have it in its data directory.
 */
struct Job {
  1: JobKey key,
  2: TrainSpec spec,
  3: Weights start,
  4: optional binary data,
  /**
   * The client rejected the result it read for this key (a wrong shape, row count or seed, or
   * values out of range): train the file again and replace that result.
   */
  5: optional bool retrain,
  /**
   * The secret of the run, which only its client holds: key.run_id must be "run-" and the first 32
   * hexadecimal digits of SHA-256 over the secret's UTF-8 bytes. A node takes a job only with it.
   */
  6: optional string run_secret
}

/** A file a leaving node hands to its successor: its result, or no result (train it). */
struct Handoff {
  1: string filename,
  2: optional Model result,
  3: optional JobKey key,
  4: optional Job job
}

/**
 * A question about one file's rows for the owner of the file's key (classifier calibration):
 * `models` are 1 to 8 models of one kind ("mlp" or "logistic") and shape; `data` carries the
 * file's bytes when the owner does not have the file. No row leaves the node: it answers with sums
 * and counts.
 */
struct FileQuery {
  1: string filename,
  2: string model,
  3: list<Weights> models,
  4: optional binary data,
  // the models' scaling of the inputs, as in TrainSpec; absent: raw inputs
  5: optional list<double> feature_mean,
  6: optional list<double> feature_scale,
  // the secret of the run the query is for (as Job.run_secret); a node answers a query only with one
  7: optional string run_secret
}

/**
 * Over a file's rows, per class k, of the features a model's output layer sees (the ReLU hidden
 * units of an MLP, the inputs of a logistic model): counts[k] rows, sums[k] the sum of their
 * features, outer[k] the sum of the features' outer products (features x features, row-major).
 */
struct ClassStatistics {
  1: list<i64> counts,
  2: list<list<double>> sums,
  3: list<list<double>> outer
}

/**
 * The answer to class_statistics: status "done" with one ClassStatistics per model of the query,
 * or "need_data" when the owner has no such file and the query carries none; `node` answered.
 */
struct FileStatistics {
  1: string status,
  2: optional list<ClassStatistics> statistics,
  3: optional i32 node
}

/**
 * The answer to score_models: status "done" with, per model of the query, how many of the file's
 * rows it classifies right, and the file's rows; or "need_data" as for FileStatistics.
 */
struct FileScores {
  1: string status,
  2: optional list<i64> correct,
  3: optional i64 rows,
  4: optional i32 node
}

service ComputeNode {
  // reference
  oneway void put_data(1: string filename),
  Model get_model(1: string filename),
  void fix_fingers(),
  i32 find_successor(1: i32 node_id) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  i32 find_predecessor(1: i32 node_id) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  void update_finger_table(1: i32 node_id, 2: i32 index) throws (1: supernode.InvalidRequest invalid),
  i32 get_predecessor(),
  i32 get_successor(),
  bool set_predecessor(1: i32 node_id) throws (1: supernode.InvalidRequest invalid),
  i32 closest_preceding_node(1: i32 node_id) throws (1: supernode.InvalidRequest invalid),
  void set_successor(),
  void print_finger_table(),

  // dhtfl: ring
  /** The node's own reference: a liveness check that also proves who answers at the address. */
  supernode.NodeRef ping(),
  RouteStep route_step(1: i32 key) throws (1: supernode.InvalidRequest invalid),
  Lookup lookup(1: i32 key) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  Neighbours get_neighbours(),
  /** Chord's notify: the caller believes it may be this node's predecessor. */
  void notify(1: supernode.NodeRef candidate) throws (1: supernode.InvalidRequest invalid),
  /** A node that just joined offers itself as finger `index` (and the offer moves to predecessors). */
  void update_finger(1: supernode.NodeRef node, 2: i32 index) throws (1: supernode.InvalidRequest invalid),
  RingState get_ring_state(),
  /** A neighbour is leaving: drop every pointer to it. */
  void leaving(1: Leaving leaving) throws (1: supernode.InvalidRequest invalid),

  // dhtfl: files
  /** The owner of filename's key accepts the file that reached it along path. */
  void deliver(1: string filename, 2: list<i32> path) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  /** A leaving predecessor hands over its results and the files it had not trained yet. */
  void take_over(1: list<Handoff> items) throws (1: supernode.InvalidRequest invalid),

  // dhtfl: federated runs
  /**
   * Routes the job to the owner of its file's key, which trains it unless it has its result
   * already. "accepted", or "need_data" when the owner has no such file and the job carries none.
   */
  string submit_job(1: Job job, 2: list<i32> path) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  /**
   * Routes to the owner of the key: the result as get_model gives it ("wait", "done", "not_found",
   * "failed"). run_secret: the run's secret, as in Job; a result of the reference's put_data run
   * needs none (get_model reads it through this call).
   */
  Model job_result(1: JobKey key, 2: list<i32> path, 3: string run_secret) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  /**
   * The owner tells a successor that it finished a result, which the successor pulls with held.
   * copy_token: the owner's token for the key (hex), which lets the successor read it without the run's secret.
   */
  void store_replica(1: JobKey key, 2: Model result, 3: string copy_token) throws (1: supernode.InvalidRequest invalid),
  /**
   * What this node itself holds for the key (a result, a copy, a job in progress), without routing.
   * A run's key is read only with the run's secret, or with the copy token this node sent with
   * store_replica for that key; a key of the reference's put_data run needs neither.
   */
  Model held(1: JobKey key, 2: string run_secret, 3: string copy_token) throws (1: supernode.InvalidRequest invalid),

  // dhtfl: one call per owner
  /**
   * put_data of each file, routed from this node as put_data routes it (and logged alike); answers
   * once every file reached its owner or failed to (a file that failed is not found when read).
   */
  void put_files(1: list<string> filenames) throws (1: supernode.InvalidRequest invalid),
  /**
   * submit_job of each job whose key this node owns, without routing; the answers in order:
   * "accepted", "need_data", or "not_owner" for a job whose key it does not own. Every job carries
   * its run's secret, as for submit_job.
   */
  list<string> submit_jobs(1: list<Job> jobs) throws (1: supernode.InvalidRequest invalid),
  /**
   * job_result of each key this node owns, in order, status "not_owner" for a key it does not own;
   * first waits up to wait_ms (at most 5,000) until no key it owns is still "wait". run_secret as
   * for job_result.
   */
  list<Model> job_results(1: list<JobKey> keys, 2: string run_secret, 3: i32 wait_ms) throws (1: supernode.InvalidRequest invalid),

  // dhtfl: classifier calibration
  /** Routes to the owner of the file's key: per model, the class statistics of the file's rows. */
  FileStatistics class_statistics(1: FileQuery query, 2: list<i32> path) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable),
  /** Routes to the owner of the file's key: per model, how many of the file's rows it classifies right. */
  FileScores score_models(1: FileQuery query, 2: list<i32> path) throws (1: supernode.InvalidRequest invalid, 2: Unavailable unavailable)
}
