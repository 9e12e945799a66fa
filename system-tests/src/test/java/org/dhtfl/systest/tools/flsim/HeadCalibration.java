package org.dhtfl.systest.tools.flsim;

import java.util.Locale;

/**
 * Ways to refit the output layer from the nodes' class statistics ({@code --calibrate-head} in the
 * simulator). "Select" keeps whichever head makes fewer mistakes on all the
 * training rows: what the nodes can count on their own rows and send back (a federated evaluation);
 * the validation file plays no part.
 */
public enum HeadCalibration {
  /** The trained head. */
  NONE,
  /** After the last round, the discriminant head replaces the trained one. */
  REPLACE_LAST,
  /** After every round; the next round trains from the refit model. */
  REPLACE_EVERY,
  /** After the last round, the better of the two heads on the training rows. */
  SELECT_LAST,
  /** After every round, the better of the two heads on the training rows. */
  SELECT_EVERY,
  /** After the last round, the mean of the trained and the discriminant head. */
  BLEND_LAST,
  /**
   * Before the first round and after every round, both heads are candidates; the run's model is the
   * candidate of fewest mistakes on the training rows so far. Training goes on from the trained model.
   * What the client's --calibrate-head does on the ring.
   */
  SELECT_BEST;

  boolean everyRound() {
    return this == REPLACE_EVERY || this == SELECT_EVERY;
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
