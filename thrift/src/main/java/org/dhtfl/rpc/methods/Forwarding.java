package org.dhtfl.rpc.methods;

/** Where a call is served. */
public enum Forwarding {
  /** By the node or supernode called. */
  LOCAL,
  /** By the owner of the call's key: a node that is not the owner forwards the call along the ring. */
  TO_OWNER
}
