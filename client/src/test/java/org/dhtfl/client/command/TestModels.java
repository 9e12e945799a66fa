package org.dhtfl.client.command;

import java.io.IOException;
import java.nio.file.Path;
import org.dhtfl.client.model.ModelFile;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/** Models small enough to predict by hand, for the command tests. */
final class TestModels {

  private TestModels() {
  }

  /**
   * A logistic model of 2 inputs and 3 classes whose outputs are (x1, x2, 0.5): it predicts 0 when x1
   * is largest, 1 when x2 is, and 2 when both are below 0.5. So (3,0) -> 0, (0,3) -> 1, (0,0) -> 2,
   * (1,2) -> 1.
   */
  static Path handMadeLogistic(Path folder) throws IOException {
    Weights weights = Weights.fromRows(ModelShape.logistic(2, 3),
        new double[][] {{0, 0, 0.5}, {1, 0, 0}, {0, 1, 0}}, new double[0][]);
    Path file = folder.resolve("hand.model");
    ModelFile.save(weights, file);
    return file;
  }
}
