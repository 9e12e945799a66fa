package org.dhtfl.ml;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link StepKernels} with the Vector API: the same operations on each element in the same order, LANES elements
 * at a time (the Vector API's lanewise division and square root round as correctly as Java's), the last
 * elements short of a vector in plain Java.
 */
final class VectorStepKernels implements StepKernels {
  static final VectorStepKernels INSTANCE = new VectorStepKernels();
  private static final VectorSpecies<Double> SPECIES = VectorKernels.SPECIES;
  private static final int LANES = VectorKernels.LANES;

  private VectorStepKernels() {
  }

  @Override
  public void momentum(double[] w, double[] g, double[] s, double[] w0, Momentum step) {
    double eta = step.eta();
    double momentum = step.momentum();
    double pull = step.pull();
    int end = SPECIES.loopBound(w.length);
    for (int j = 0; j < end; j += LANES) {
      DoubleVector weight = DoubleVector.fromArray(SPECIES, w, j);
      DoubleVector descent = DoubleVector.fromArray(SPECIES, g, j);
      if (w0 != null) {
        descent = descent.sub(weight.sub(DoubleVector.fromArray(SPECIES, w0, j)).mul(pull));
      }
      DoubleVector change = descent.mul(eta).add(DoubleVector.fromArray(SPECIES, s, j).mul(momentum));
      change.intoArray(s, j);
      weight.add(change).intoArray(w, j);
    }
    StepKernels.momentum(w, g, s, w0, step, end, w.length);
  }

  @Override
  public void adam(double[] w, double[] g, double[] m, double[] s, double[] w0, Adam step) {
    double perRow = step.perRow();
    double mu = step.mu();
    double stepSize = step.stepSize();
    double rootScale = step.rootScale();
    int end = SPECIES.loopBound(w.length);
    for (int j = 0; j < end; j += LANES) {
      DoubleVector weight = DoubleVector.fromArray(SPECIES, w, j);
      DoubleVector grad = DoubleVector.fromArray(SPECIES, g, j).neg().mul(perRow);
      grad = w0 == null ? grad.add(0.0) : grad.add(weight.sub(DoubleVector.fromArray(SPECIES, w0, j)).mul(mu));
      DoubleVector first = DoubleVector.fromArray(SPECIES, m, j).mul(Optimizer.BETA1)
          .add(grad.mul(1 - Optimizer.BETA1));
      DoubleVector second = DoubleVector.fromArray(SPECIES, s, j).mul(Optimizer.BETA2)
          .add(grad.mul(1 - Optimizer.BETA2).mul(grad));
      first.intoArray(m, j);
      second.intoArray(s, j);
      DoubleVector change = first.mul(stepSize).div(second.sqrt().mul(rootScale).add(Optimizer.EPSILON));
      weight.sub(change).intoArray(w, j);
    }
    StepKernels.adam(w, g, m, s, w0, step, end, w.length);
  }
}
