package org.dhtfl.node.thrift;

import org.dhtfl.chord.LookupFailedException;
import org.dhtfl.chord.PeerException;
import org.dhtfl.node.FileRouter;
import org.dhtfl.thrift.InvalidRequest;
import org.dhtfl.thrift.Model;
import org.dhtfl.thrift.Unavailable;
import org.dhtfl.thrift.compute_nodeConstants;

/**
 * The node's domain failures as the IDL's exceptions, in one place: a request the domain rejects
 * (IllegalArgumentException) is an InvalidRequest; a key whose owner cannot serve it now
 * (RoutingException, PeerException, LookupFailedException) is Unavailable.
 */
final class WireErrors {

  /** Work on this node that may reject its request. */
  @FunctionalInterface
  interface Local<T> {
    T get();
  }

  /** Work that may also need another node: the key's owner, or a lookup along the ring. */
  @FunctionalInterface
  interface Routed<T> {
    T get() throws FileRouter.RoutingException, PeerException, LookupFailedException;
  }

  private WireErrors() {
  }

  /** The work's answer; a rejection is an InvalidRequest whose message is {@code prefix} and the reason. */
  static <T> T local(String prefix, Local<T> work) throws InvalidRequest {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(prefix + e.getMessage());
    }
  }

  /** As {@link #local}, and an owner or a lookup that failed is Unavailable with its reason. */
  static <T> T routed(String prefix, Routed<T> work) throws InvalidRequest, Unavailable {
    try {
      return work.get();
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(prefix + e.getMessage());
    } catch (FileRouter.RoutingException | PeerException | LookupFailedException e) {
      throw new Unavailable(e.getMessage());
    }
  }

  /** The reference's get_model answer to a request it cannot serve: status "failed" with the reason. */
  static Model failed(String reason) {
    Model model = new Model();
    model.setStatus(compute_nodeConstants.STATUS_FAILED);
    model.setReason(reason);
    return model;
  }
}
