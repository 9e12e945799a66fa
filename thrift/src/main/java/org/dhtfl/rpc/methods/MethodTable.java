package org.dhtfl.rpc.methods;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.thrift.TException;

/** The description of one service's methods, a rule for each method of its generated {@code Iface}. */
public final class MethodTable {

  private final Class<?> iface;
  private final Map<String, MethodRule> rules = new LinkedHashMap<>();

  /** @param iface the service's generated {@code Iface} */
  MethodTable(Class<?> iface, List<MethodRule> rules) {
    this.iface = iface;
    for (MethodRule rule : rules) {
      if (this.rules.put(rule.name(), rule) != null) {
        throw new IllegalArgumentException(rule.name() + " is described twice");
      }
    }
  }

  /** The service's generated {@code Iface}. */
  public Class<?> iface() {
    return iface;
  }

  public Optional<MethodRule> rule(String method) {
    return Optional.ofNullable(rules.get(method));
  }

  public List<MethodRule> rules() {
    return List.copyOf(rules.values());
  }

  /** The methods of the {@code Iface} that have no rule here. */
  public List<String> undescribed() {
    return Arrays.stream(iface.getMethods()).map(Method::getName).filter(m -> !rules.containsKey(m)).sorted().toList();
  }

  /** A method any caller may call. */
  static MethodRule open(String name, Forwarding forwarding, List<Class<? extends TException>> errors) {
    return new MethodRule(name, CallerRule.ANYONE, Set.copyOf(errors), forwarding, Refusal.NONE);
  }

  static MethodRule thrown(String name, CallerRule callers, Forwarding forwarding,
      List<Class<? extends TException>> errors) {
    return new MethodRule(name, callers, Set.copyOf(errors), forwarding, Refusal.THROWN);
  }

  static MethodRule answered(String name, CallerRule callers, Forwarding forwarding) {
    return new MethodRule(name, callers, Set.of(), forwarding, Refusal.ANSWERED);
  }

  static MethodRule dropped(String name, CallerRule callers, Forwarding forwarding) {
    return new MethodRule(name, callers, Set.of(), forwarding, Refusal.DROPPED);
  }
}
