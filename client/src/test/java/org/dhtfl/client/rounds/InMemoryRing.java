package org.dhtfl.client.rounds;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.dhtfl.jobs.JobKey;
import org.dhtfl.jobs.JobRequest;
import org.dhtfl.jobs.JobResult;
import org.dhtfl.jobs.JobStatus;
import org.dhtfl.jobs.SubmitAnswer;
import org.dhtfl.jobs.WeightRows;

/**
 * A ring in memory for the engine's tests: each file trains to a fixed weight change as soon as
 * its job is accepted; files can be set to lose their first job, to need their bytes, or never
 * to finish.
 */
final class InMemoryRing implements JobRing {

  static final int NODE = 7;

  private final Map<String, WeightRows> deltas = new HashMap<>();
  private final Map<String, Long> seeds = new HashMap<>();
  private final Set<String> losingFirstJob = new HashSet<>();
  private final Set<String> needingData = new HashSet<>();
  private final Set<String> silent = new HashSet<>();
  private final Map<String, Integer> accepted = new HashMap<>();
  private final Map<String, Integer> calls = new HashMap<>();
  private final Map<String, byte[]> received = new HashMap<>();
  private final Map<String, java.util.function.UnaryOperator<JobResult>> corrupt = new HashMap<>();
  private final Map<String, Integer> retrains = new HashMap<>();

  /** The file trains to this change of every weight, from the start weights of seed 1. */
  InMemoryRing trains(String file, double change) {
    return trains(file, change, 1);
  }

  /** The file trains to this change of every weight, reporting start weights drawn from the seed. */
  InMemoryRing trains(String file, double change, long seed) {
    deltas.put(file, new WeightRows("logistic", new double[][] {{change, change}, {change, change}},
        new double[0][]));
    seeds.put(file, seed);
    return this;
  }

  /** The owner of the file forgets the first job it accepts (it answers not_found for it). */
  InMemoryRing losesFirstJob(String file) {
    losingFirstJob.add(file);
    return this;
  }

  /** The owner of the file does not have it: a job without the bytes is answered need_data. */
  InMemoryRing needsData(String file) {
    needingData.add(file);
    return this;
  }

  /**
   * The owner of the file answers with what {@code lie} makes of its result (a planted or broken
   * result) until it is asked to train the file again.
   */
  InMemoryRing answersWrongUntilRetrained(String file, java.util.function.UnaryOperator<JobResult> lie) {
    corrupt.put(file, lie);
    return this;
  }

  /** How many jobs of the file asked to train it again in place of a rejected result. */
  int retrainRequests(String file) {
    return retrains.getOrDefault(file, 0);
  }

  /** The file's job never finishes. */
  InMemoryRing neverFinishes(String file) {
    silent.add(file);
    return this;
  }

  @Override
  public SubmitAnswer submit(JobRequest request) {
    String file = request.key().filename();
    calls.merge(file, 1, Integer::sum);
    if (needingData.contains(file) && request.data().isEmpty()) {
      return SubmitAnswer.NEED_DATA;
    }
    request.data().ifPresent(bytes -> received.put(file, bytes.clone()));
    accepted.merge(file, 1, Integer::sum);
    if (request.retrain()) {
      retrains.merge(file, 1, Integer::sum);
      corrupt.remove(file);
    }
    return SubmitAnswer.ACCEPTED;
  }

  @Override
  public JobResult poll(JobKey key) {
    String file = key.filename();
    int jobs = accepted.getOrDefault(file, 0);
    if (jobs == 0 || losingFirstJob.contains(file) && jobs == 1) {
      return JobResult.notFound(file, NODE, "no job " + key);
    }
    if (silent.contains(file)) {
      return JobResult.waiting(file, NODE);
    }
    JobResult result = new JobResult(file, JobStatus.DONE, Optional.of(deltas.get(file)), 0.25, 1, 1, 0,
        OptionalInt.of(NODE), seeds.get(file), "glibc", "");
    return corrupt.getOrDefault(file, java.util.function.UnaryOperator.identity()).apply(result);
  }

  /** How many copies of the file's job were accepted, and so trained. */
  int jobsTrained(String file) {
    return accepted.getOrDefault(file, 0);
  }

  /** How many submit calls the file's job took. */
  int submitCalls(String file) {
    return calls.getOrDefault(file, 0);
  }

  /** The bytes a job of the file carried, if one did. */
  Optional<byte[]> dataReceived(String file) {
    return Optional.ofNullable(received.get(file));
  }
}
