package org.dhtfl.jobs;

import java.util.List;
import java.util.Objects;

/**
 * A model's scaling of its inputs as the wire carries it (TrainSpec's and FileQuery's feature_mean and
 * feature_scale): feature i enters as (x_i - mean[i]) / scale[i]. Both lists empty: raw inputs.
 */
public record Scaling(List<Double> mean, List<Double> scale) {

  /** The most features a scaling may name. */
  public static final int MAX_FEATURES = 4096;

  /** Raw inputs. */
  public static final Scaling NONE = new Scaling(List.of(), List.of());

  public Scaling {
    mean = List.copyOf(Objects.requireNonNull(mean, "feature_mean"));
    scale = List.copyOf(Objects.requireNonNull(scale, "feature_scale"));
    if (mean.size() != scale.size()) {
      throw new IllegalArgumentException("feature_mean has " + mean.size() + " values, feature_scale "
          + scale.size() + "; they must have one per feature");
    }
    if (mean.size() > MAX_FEATURES) {
      throw new IllegalArgumentException("feature_mean has " + mean.size() + " values, above the limit of "
          + MAX_FEATURES);
    }
  }

  /** Whether the inputs are scaled at all. */
  public boolean present() {
    return !mean.isEmpty();
  }
}
