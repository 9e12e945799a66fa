package org.dhtfl.client.runfolder;

import java.util.List;
import org.dhtfl.ml.ModelKind;
import org.dhtfl.ml.ModelShape;
import org.dhtfl.ml.Weights;

/**
 * A model as run.json holds it: its shape ({@code layers} only for more than one hidden layer) and
 * its weights, flat.
 */
record ModelRecord(String model, int inputs, int hidden, List<Integer> layers, int classes, double[] v, double[] w) {

  static ModelRecord of(Weights weights) {
    ModelShape shape = weights.shape();
    return new ModelRecord(shape.kind().label(), shape.inputs(), shape.hidden(),
        shape.singleLayer() ? null : shape.layers(), shape.classes(), weights.v(), weights.w());
  }

  Weights weights() {
    if (model == null || v == null || w == null) {
      throw new IllegalArgumentException("'model', 'v' and 'w' are required");
    }
    ModelKind kind = ModelKind.parse(model);
    ModelShape shape = layers != null ? new ModelShape(kind, inputs, layers, classes)
        : new ModelShape(kind, inputs, hidden, classes);
    return Weights.of(shape, v, w);
  }

  /** With --calibrate-head, the model the run delivers: the calibration's choice, by its label. */
  record Calibrated(String label, ModelRecord model) {
  }
}
