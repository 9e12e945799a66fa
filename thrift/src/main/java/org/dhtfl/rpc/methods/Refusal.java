package org.dhtfl.rpc.methods;

/** How a call the caller rule refuses is answered. */
public enum Refusal {
  /** With the IDL's InvalidRequest, naming the reason. */
  THROWN,
  /** With the method's own answer that carries a reason (a failed model, a refused join). */
  ANSWERED,
  /** Not at all: the call is logged and does nothing (a oneway call, or one that declares no error). */
  DROPPED,
  /** Never: any caller may call the method. */
  NONE
}
