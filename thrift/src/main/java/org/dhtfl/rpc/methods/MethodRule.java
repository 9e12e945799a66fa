package org.dhtfl.rpc.methods;

import java.util.Objects;
import java.util.Set;
import org.apache.thrift.TException;

/**
 * One method of a service: who may call it, the errors it declares (besides TException), where it
 * is served, and how a refusal is answered.
 */
public record MethodRule(String name, CallerRule callers, Set<Class<? extends TException>> errors,
    Forwarding forwarding, Refusal refusal) {

  public MethodRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(callers, "callers");
    errors = Set.copyOf(errors);
    Objects.requireNonNull(forwarding, "forwarding");
    Objects.requireNonNull(refusal, "refusal");
  }
}
