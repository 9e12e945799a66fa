package org.dhtfl.rpc;

import java.util.Objects;
import org.apache.thrift.TException;
import org.apache.thrift.transport.TTransportException;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Unavailable;

/**
 * The one failure of a call to another program: it could not be reached or broke off, it refused
 * the request, it could not serve it now, or it answered with something unreadable. The kind says
 * which; the message names the peer and the method.
 */
public final class RemoteException extends Exception {

  private static final long serialVersionUID = 1L;

  /** Why a remote call failed. */
  public enum Kind {
    /** No connection, a broken one, or no answer in time: the peer may be down. */
    UNREACHABLE,
    /** The peer refused the request as invalid (the IDL's InvalidRequest). */
    REFUSED,
    /** The peer is up but cannot serve the request now (the IDL's Unavailable). */
    UNAVAILABLE,
    /** The peer answered something this side cannot use. */
    MALFORMED
  }

  private final Kind kind;

  public RemoteException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public RemoteException(Kind kind, String message) {
    this(kind, message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** The failure of {@code what} (for instance "get_model on 19@10.0.0.1:5001") that Thrift reported. */
  public static RemoteException of(String what, TException e) {
    if (e instanceof InvalidRequest invalid) {
      return new RemoteException(Kind.REFUSED, what + " refused: " + invalid.getMessage(), e);
    }
    if (e instanceof Unavailable unavailable) {
      return new RemoteException(Kind.UNAVAILABLE, what + ": " + unavailable.getMessage(), e);
    }
    Kind kind = e instanceof TTransportException ? Kind.UNREACHABLE : Kind.MALFORMED;
    return new RemoteException(kind, what + ": " + describe(e), e);
  }

  /** An answer that did not parse; the message says what was wrong with it. */
  public static RemoteException malformed(String what, IllegalArgumentException e) {
    return new RemoteException(Kind.MALFORMED, what + ": malformed answer: " + e.getMessage(), e);
  }

  private static String describe(TException e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage();
    return root.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }
}
