package org.dhtfl.client.options;

import java.util.ArrayList;
import java.util.List;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.StartWeights;
import org.dhtfl.ml.TrainingConfig;
import org.dhtfl.ml.TrainingOptions;
import picocli.CommandLine.Option;

/**
 * The command-line options that choose the model a --rounds run or `client train` trains: its kind, hidden
 * layers, start weights and whether its inputs are standardised.
 */
public final class ModelOptions {

  @Recorded(roundsOnly = true)
  @Option(names = "--model", paramLabel = "KIND", description = "With --rounds: ${COMPLETION-CANDIDATES} "
      + "(default: ${DEFAULT-VALUE}).")
  ModelKind model = ModelKind.MLP;

  @Recorded(roundsOnly = true)
  @Option(names = "--hidden", paramLabel = "H[,H...]", description = "With --rounds: the hidden layers' widths, first "
      + "to last, each a ReLU layer (default: ${DEFAULT-VALUE}).")
  String hidden = "20";

  @Recorded(roundsOnly = true)
  @Option(names = "--seed", paramLabel = "S", description = "With --rounds: seed of the start weights and of the "
      + "minibatches' order (default: ${DEFAULT-VALUE}).")
  public long seed = 1;

  @Recorded(roundsOnly = true)
  @Option(names = "--init", paramLabel = "SOURCE", description = "With --rounds: random source of the start weights, "
      + "${COMPLETION-CANDIDATES}: glibc as the reference's C++ model (the default for one hidden layer), numpy as its "
      + "Python model, he as He et al. for ReLU layers (the default for several).")
  StartWeights init;

  @Recorded(roundsOnly = true)
  @Option(names = "--standardize", description = "With --rounds: scale every feature by the training rows' mean and "
      + "standard deviation, which the files' owners send as counts and sums (no row leaves a node); the scaling "
      + "travels in the model.")
  public boolean standardize;

  /**
   * The hidden layers --hidden names (none for a logistic model).
   *
   * @throws IllegalArgumentException naming --hidden when it is not a list of positive widths
   */
  List<Integer> layers(boolean hiddenGiven) {
    if (model == ModelKind.LOGISTIC) {
      if (hiddenGiven) {
        throw new IllegalArgumentException("--hidden applies to --model mlp; a logistic model has no hidden layer");
      }
      return List.of();
    }
    List<Integer> layers = new ArrayList<>();
    for (String width : hidden.split(",", -1)) {
      try {
        layers.add(Integer.parseInt(width.strip()));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--hidden " + hidden + ": '" + width + "' is not a whole number; give "
            + "the widths as H or H1,H2,...");
      }
    }
    try {
      new ModelShape(ModelKind.MLP, 1, layers, 2);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--hidden " + hidden + ": " + e.getMessage());
    }
    return layers;
  }

  /** The model to train with the nodes' training {@code options}; the standardisation comes later, from the ring. */
  public TrainingConfig config(TrainingOptions options, boolean hiddenGiven, int classes) {
    List<Integer> layers = layers(hiddenGiven);
    StartWeights start = init != null ? init : StartWeights.defaultFor(layers.size());
    return new TrainingConfig(model, layers, classes, seed, options, start, java.util.Optional.empty());
  }
}
