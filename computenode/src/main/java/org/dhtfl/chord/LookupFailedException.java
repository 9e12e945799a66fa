package org.dhtfl.chord;

/** No live node could be found on the way to a key's owner. */
public class LookupFailedException extends Exception {

  private static final long serialVersionUID = 1L;

  public LookupFailedException(String message) {
    super(message);
  }
}
