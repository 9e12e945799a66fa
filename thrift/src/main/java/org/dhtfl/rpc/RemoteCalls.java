package org.dhtfl.rpc;

import java.util.function.Function;

/**
 * The plumbing every outgoing call shares: send it, decode the answer into the domain's value,
 * and turn an answer that does not decode into the caller's own exception, so that a caller's
 * method is the call, its decoder and what a bad answer is called.
 */
public final class RemoteCalls {

  /** A call sent to another program, answering its wire value. */
  @FunctionalInterface
  public interface Send<W> {
    W send() throws RemoteException;
  }

  /** A wire value read as a domain value; fails with IllegalArgumentException saying what is wrong. */
  @FunctionalInterface
  public interface Decoder<W, D> {
    D decode(W wire);
  }

  private RemoteCalls() {
  }

  /**
   * Sends the call and decodes its answer.
   *
   * @param badAnswer the exception for an answer that does not decode, from the decoder's failure
   */
  public static <W, D, X extends Exception> D call(Send<W> send, Decoder<W, D> decoder,
      Function<IllegalArgumentException, X> badAnswer) throws RemoteException, X {
    W answer = send.send();
    try {
      return decoder.decode(answer);
    } catch (IllegalArgumentException e) {
      throw badAnswer.apply(e);
    }
  }
}
