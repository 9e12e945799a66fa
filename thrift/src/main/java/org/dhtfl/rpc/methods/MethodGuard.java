package org.dhtfl.rpc.methods;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.dhtfl.rpc.CallContext;
import org.dhtfl.rpc.Callers;
import org.dhtfl.rpc.PeerIdentity;
import org.dhtfl.thrift.InvalidRequest;
import org.slf4j.Logger;

/**
 * The one place a service's caller rules are enforced: a proxy over its handler that checks each
 * call against the method's {@link MethodRule} before the handler runs, answers a refusal as the
 * rule says, and logs every refusal, its own and the handler's, with the caller's address.
 */
public final class MethodGuard implements InvocationHandler {

  /** What the guard learns from the service itself: who its members are, whom a message names. */
  public interface Facts {

    /** Whether an admitted member serves from {@code host}, for {@link CallerRule#fromMemberHost()}. */
    default boolean memberHost(InetAddress host) {
      return true;
    }

    /**
     * The node a call of {@code method} names (the one it is about), for {@link CallerRule#onlyItself()};
     * empty when it names none the service knows, which the handler then refuses itself.
     */
    default Optional<PeerIdentity.Address> named(String method, Object[] args) {
      return Optional.empty();
    }

    /** Whether a caller connecting from {@code peer} is on the host of {@code node}, for {@link CallerRule#onItsHost()}. */
    default boolean onHostOf(PeerIdentity.Address node, InetAddress peer) {
      return true;
    }

    /** The answer to a refused call of a method whose refusal is {@link Refusal#ANSWERED}. */
    default Object refusedAnswer(String method, String reason) {
      throw new IllegalStateException(method + " is answered when refused, but the service gave no answer");
    }
  }

  private final Object handler;
  private final Map<Method, MethodRule> rules = new HashMap<>();
  private final Facts facts;
  private final Logger log;

  private MethodGuard(MethodTable table, Object handler, Facts facts, Logger log) {
    List<String> undescribed = table.undescribed();
    if (!undescribed.isEmpty()) {
      throw new IllegalArgumentException(table.iface().getName() + " has methods the table does not describe: "
          + undescribed);
    }
    for (Method method : table.iface().getMethods()) {
      rules.put(method, table.rule(method.getName()).orElseThrow());
    }
    this.handler = handler;
    this.facts = facts;
    this.log = log;
  }

  /**
   * The handler behind the guard, as the service's {@code Iface}.
   *
   * @param log where refusals are logged, the service's log
   */
  public static <I> I guard(Class<I> iface, MethodTable table, I handler, Facts facts, Logger log) {
    if (table.iface() != iface) {
      throw new IllegalArgumentException("the table describes " + table.iface().getName() + ", not " + iface.getName());
    }
    return iface.cast(Proxy.newProxyInstance(iface.getClassLoader(), new Class<?>[] {iface},
        new MethodGuard(table, handler, facts, log)));
  }

  @Override
  public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
    if (method.getDeclaringClass() == Object.class) {
      return method.invoke(handler, args);
    }
    Object[] arguments = args == null ? new Object[0] : args;
    MethodRule rule = rules.get(method);
    Optional<String> refusal = refusal(rule, arguments);
    if (refusal.isPresent()) {
      logRefusal(refusal.get());
      return refused(rule, method, refusal.get());
    }
    try {
      return method.invoke(handler, arguments);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof InvalidRequest invalid) {
        logRefusal(invalid.getMessage());
      }
      throw e.getCause();
    }
  }

  /** Why the caller may not make this call, or empty when it may. */
  private Optional<String> refusal(MethodRule rule, Object[] args) {
    String method = rule.name();
    CallerRule callers = rule.callers();
    Optional<String> refusal = Callers.refusal(method, callers.roles());
    Optional<InetAddress> peer = CallContext.peer();
    if (refusal.isEmpty() && callers.fromMemberHost() && peer.isPresent() && !facts.memberHost(peer.get())) {
      refusal = Optional.of(method + ": " + peer.get().getHostAddress() + " is no member's host; ring-internal calls "
          + "come only from the ring's members");
    }
    // Whom a message names matters only to a certificate, or to a rule on the caller's host.
    if (refusal.isEmpty() && callers.onlyItself() && (CallContext.identity().isPresent() || callers.onItsHost())) {
      Optional<PeerIdentity.Address> named = named(method, args);
      if (named.isPresent()) {
        refusal = Callers.refusalUnlessNode(method, named.get().host(), named.get().port());
        if (refusal.isEmpty() && callers.onItsHost() && peer.isPresent() && !facts.onHostOf(named.get(), peer.get())) {
          refusal = Optional.of(method + " about the node at " + named.get() + " is refused to a caller on "
              + peer.get().getHostAddress() + ": only that node itself may make it");
        }
      }
    }
    return refusal;
  }

  /** The node the message names; a message too malformed to name one is left to the handler to refuse. */
  private Optional<PeerIdentity.Address> named(String method, Object[] args) {
    try {
      return facts.named(method, args);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private Object refused(MethodRule rule, Method method, String reason) throws InvalidRequest {
    switch (rule.refusal()) {
      case THROWN:
        throw new InvalidRequest(reason);
      case ANSWERED:
        return facts.refusedAnswer(rule.name(), reason);
      case DROPPED:
        return method.getReturnType() == boolean.class ? Boolean.FALSE : null;
      default:
        throw new IllegalStateException(rule.name() + " is open to any caller, yet was refused: " + reason);
    }
  }

  private void logRefusal(String reason) {
    log.warn("refused a request from {}: {}", CallContext.peer().map(InetAddress::getHostAddress)
        .orElse("an unknown peer"), reason);
  }
}
