package org.dhtfl.client.rounds;

/** A round ended with too few files trained to go on; the message names the round and the limit. */
public final class RoundFailed extends Exception {

  private static final long serialVersionUID = 1L;

  public RoundFailed(String message) {
    super(message);
  }
}
