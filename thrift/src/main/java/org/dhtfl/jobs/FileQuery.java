package org.dhtfl.jobs;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A question about one file's rows, for the owner of the file's key (the IDL's FileQuery): the
 * models to evaluate (1 to {@link #MAX_MODELS}, of the kind {@code model}, "mlp" or "logistic"),
 * the file's bytes when the query carries them, and the models' scaling of the inputs. Whether the
 * models are models is the evaluator's to check. {@code secret}: the secret of the run the query is
 * for, which a node needs to answer it ({@link RunSecret}); the client's ring access adds it.
 */
public record FileQuery(String filename, String model, List<WeightRows> models, Optional<byte[]> data,
    Scaling scaling, Optional<RunSecret> secret) {

  /** The most models one query may carry. */
  public static final int MAX_MODELS = 8;

  public FileQuery {
    FileNames.check(filename);
    Objects.requireNonNull(model, "model");
    Objects.requireNonNull(data, "data");
    Objects.requireNonNull(scaling, "scaling");
    Objects.requireNonNull(secret, "secret");
    models = List.copyOf(Objects.requireNonNull(models, "models"));
    if (models.isEmpty() || models.size() > MAX_MODELS) {
      throw new IllegalArgumentException("models: " + models.size() + " given; 1.." + MAX_MODELS + " allowed");
    }
    if (data.isPresent() && data.get().length > JobRequest.MAX_DATA_BYTES) {
      throw new IllegalArgumentException("the data of " + filename + " has " + data.get().length
          + " bytes, more than " + JobRequest.MAX_DATA_BYTES);
    }
  }

  /** A query without a run's secret. */
  public FileQuery(String filename, String model, List<WeightRows> models, Optional<byte[]> data, Scaling scaling) {
    this(filename, model, models, data, scaling, Optional.empty());
  }

  /** Models on raw inputs. */
  public FileQuery(String filename, String model, List<WeightRows> models, Optional<byte[]> data) {
    this(filename, model, models, data, Scaling.NONE);
  }

  /** The same query carrying the file's bytes. */
  public FileQuery withData(byte[] bytes) {
    return new FileQuery(filename, model, models, Optional.of(bytes), scaling, secret);
  }

  /** The same query showing the secret of its run. */
  public FileQuery withSecret(RunSecret runSecret) {
    return new FileQuery(filename, model, models, data, scaling, Optional.of(runSecret));
  }

  @Override
  public String toString() {
    return filename + " (" + models.size() + " " + model + " model" + (models.size() == 1 ? "" : "s")
        + (data.isPresent() ? ", " + data.get().length + " bytes of data" : "") + ")";
  }
}
