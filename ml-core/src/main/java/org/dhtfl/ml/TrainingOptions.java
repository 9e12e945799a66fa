package org.dhtfl.ml;

/**
 * How {@link Trainer} trains: gradient descent with momentum (the reference's, over whole files) or Adam,
 * over whole files or minibatches, with an optional early stop.
 *
 * @param epochs             the most epochs to run, at least 1
 * @param eta                the learning rate, positive
 * @param momentum           the share of the previous step added to this one, in [0, 1)
 * @param earlyStop          whether to stop once the loss settles
 * @param earlyStopDelta     stop when the loss changes by at most this much in one epoch, at least 0
 * @param earlyStopMinEpochs never stop before this epoch, at least 1
 * @param etaPerRow          false: the step is eta times the gradient of the summed loss (the reference);
 *                           true: eta times the gradient of the mean loss, so one eta suits any row count
 * @param threads            threads for one training, at least 1; the result does not depend on it
 * @param mu                 FedProx's proximal term (Li et al. 2020), at least 0: the objective is the mean loss
 *                           plus mu/2 ||w - w_start||^2, times the rows unless etaPerRow (as the loss is); 0: none
 * @param batch              rows per step, at least 0; 0: the whole file, as the reference. With minibatches the
 *                           rows are shuffled every epoch, drawn from {@code shuffleSeed}
 * @param optimizer          the reference's momentum step ({@link Optimizer#SGD}) or {@link Optimizer#ADAM}
 * @param shuffleSeed        the seed of the minibatches' order
 */
public record TrainingOptions(int epochs, double eta, double momentum, boolean earlyStop, double earlyStopDelta,
    int earlyStopMinEpochs, boolean etaPerRow, int threads, double mu, int batch, Optimizer optimizer,
    long shuffleSeed) {

  /** More threads than this are refused as a probable mistake. */
  public static final int MAX_THREADS = 256;

  public TrainingOptions {
    if (epochs < 1) {
      throw new IllegalArgumentException("epochs " + epochs + " must be at least 1");
    }
    if (!(eta > 0) || !Double.isFinite(eta)) {
      throw new IllegalArgumentException("eta " + eta + " must be positive and finite");
    }
    if (!(momentum >= 0 && momentum < 1)) {
      throw new IllegalArgumentException("momentum " + momentum + " must be in [0, 1)");
    }
    if (!(earlyStopDelta >= 0) || !Double.isFinite(earlyStopDelta)) {
      throw new IllegalArgumentException("earlyStopDelta " + earlyStopDelta + " must be at least 0 and finite");
    }
    if (earlyStopMinEpochs < 1) {
      throw new IllegalArgumentException("earlyStopMinEpochs " + earlyStopMinEpochs + " must be at least 1");
    }
    if (threads < 1 || threads > MAX_THREADS) {
      throw new IllegalArgumentException("threads " + threads + " out of range 1.." + MAX_THREADS);
    }
    if (!(mu >= 0) || !Double.isFinite(mu)) {
      throw new IllegalArgumentException("mu " + mu + " must be at least 0 and finite");
    }
    if (batch < 0) {
      throw new IllegalArgumentException("batch " + batch + " must be at least 0 (0: the whole file)");
    }
    java.util.Objects.requireNonNull(optimizer, "optimizer");
  }

  /** Full batches with the reference's momentum step. */
  public TrainingOptions(int epochs, double eta, double momentum, boolean earlyStop, double earlyStopDelta,
      int earlyStopMinEpochs, boolean etaPerRow, int threads, double mu) {
    this(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, 0,
        Optimizer.SGD, 1);
  }

  /**
   * The reference's settings: 250 epochs, eta 1e-4 on the summed loss, momentum 0.7, early stop (0.2 after 25), one
   * thread, no proximal term.
   */
  public static TrainingOptions defaults() {
    return new TrainingOptions(250, 1e-4, 0.7, true, 0.2, 25, false, 1, 0);
  }

  public TrainingOptions withEpochs(int value) {
    return new TrainingOptions(value, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withEta(double value) {
    return new TrainingOptions(epochs, value, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withMomentum(double value) {
    return new TrainingOptions(epochs, eta, value, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withEarlyStop(boolean value) {
    return new TrainingOptions(epochs, eta, momentum, value, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withEarlyStopDelta(double value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, value, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withEarlyStopMinEpochs(int value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, value, etaPerRow, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withEtaPerRow(boolean value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, value, threads, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withMu(double value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, value, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withThreads(int value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, value, mu, batch, optimizer, shuffleSeed);
  }

  public TrainingOptions withBatch(int value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, value, optimizer, shuffleSeed);
  }

  public TrainingOptions withOptimizer(Optimizer value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, value, shuffleSeed);
  }

  public TrainingOptions withShuffleSeed(long value) {
    return new TrainingOptions(epochs, eta, momentum, earlyStop, earlyStopDelta, earlyStopMinEpochs, etaPerRow, threads, mu, batch, optimizer, value);
  }

  /** Whether the reference's trainer runs these options: whole files and its momentum step. */
  public boolean referenceStep() {
    return batch == 0 && optimizer == Optimizer.SGD;
  }

  /** The step size applied to the summed gradient of {@code rows} rows. */
  double effectiveEta(int rows) {
    return etaPerRow ? eta / rows : eta;
  }
}
