package org.dhtfl.node.server;

/** The node was told to stop (Ctrl-C, SIGTERM) while it waited to be admitted; it never joined. */
public final class StoppedBeforeJoining extends Exception {

  private static final long serialVersionUID = 1L;

  public StoppedBeforeJoining(String message) {
    super(message);
  }
}
