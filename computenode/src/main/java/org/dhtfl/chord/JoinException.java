package org.dhtfl.chord;

/** A node could not enter the ring; the message says why. */
public class JoinException extends Exception {

  private static final long serialVersionUID = 1L;

  public JoinException(String message) {
    super(message);
  }

  public JoinException(String message, Throwable cause) {
    super(message, cause);
  }
}
