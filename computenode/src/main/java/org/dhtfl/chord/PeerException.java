package org.dhtfl.chord;

/** A remote node could not be reached or did not answer in time: the one failure of a peer call. */
public class PeerException extends Exception {

  private static final long serialVersionUID = 1L;

  public PeerException(String message) {
    super(message);
  }

  public PeerException(String message, Throwable cause) {
    super(message, cause);
  }
}
