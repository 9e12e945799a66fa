package org.dhtfl.jobs;

import java.util.Objects;
import java.util.Optional;

/**
 * A training job as the wire carries it (the IDL's Job): which file in which round, what to
 * train, the start weights (absent: drawn from the spec's seed, as put_data does), and the file's
 * bytes when the job carries them. {@code retrain}: the client rejected the result it read for this
 * key, so the owner trains the file again and replaces that result. {@code secret}: the run's
 * secret the caller showed, which a node needs to take the job ({@link RunSecret}); the client's
 * ring access adds it, and a node passes it on only to the key's owner.
 */
public record JobRequest(JobKey key, JobSpec spec, Optional<WeightRows> start, Optional<byte[]> data,
    boolean retrain, Optional<RunSecret> secret) {

  /** The largest file a job may carry. */
  public static final int MAX_DATA_BYTES = 8 << 20;

  public JobRequest {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(secret, "secret");
    if (data.isPresent() && data.get().length > MAX_DATA_BYTES) {
      throw new IllegalArgumentException("the data of " + key.filename() + " has " + data.get().length
          + " bytes, more than " + MAX_DATA_BYTES);
    }
  }

  /** A job without the run's secret. */
  public JobRequest(JobKey key, JobSpec spec, Optional<WeightRows> start, Optional<byte[]> data, boolean retrain) {
    this(key, spec, start, data, retrain, Optional.empty());
  }

  /** A job as the client first sends it: the owner keeps a result it has. */
  public JobRequest(JobKey key, JobSpec spec, Optional<WeightRows> start, Optional<byte[]> data) {
    this(key, spec, start, data, false);
  }

  /** The same job carrying the file's bytes. */
  public JobRequest withData(byte[] bytes) {
    return new JobRequest(key, spec, start, Optional.of(bytes), retrain, secret);
  }

  /** The same job, to be trained again in place of a result the client rejected. */
  public JobRequest retraining() {
    return new JobRequest(key, spec, start, data, true, secret);
  }

  /** The same job showing the run's secret. */
  public JobRequest withSecret(RunSecret runSecret) {
    return new JobRequest(key, spec, start, data, retrain, Optional.of(runSecret));
  }

  /** The same job without the run's secret: what a node hands to another that does not route it. */
  public JobRequest withoutSecret() {
    return new JobRequest(key, spec, start, data, retrain, Optional.empty());
  }
}
