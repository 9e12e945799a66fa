package org.dhtfl.rpc.methods;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.thrift.TException;
import org.dhtfl.thrift.InvalidRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every method of each service's generated Iface is described, and as the IDL declares it. */
class MethodTableTest {

  static List<MethodTable> tables() {
    return List.of(ComputeNodeMethods.TABLE, SupernodeMethods.TABLE);
  }

  @ParameterizedTest
  @MethodSource("tables")
  void everyMethodOfTheIfaceHasARuleAndEveryRuleAMethod(MethodTable table) {
    Set<String> methods = Arrays.stream(table.iface().getMethods()).map(Method::getName).collect(Collectors.toSet());

    for (Method method : table.iface().getMethods()) {
      assertThat(table.rule(method.getName())).as(table.iface().getName() + "." + method.getName()).isPresent();
    }
    assertThat(table.undescribed()).isEmpty();
    assertThat(table.rules()).extracting(MethodRule::name).allMatch(methods::contains);
  }

  @ParameterizedTest
  @MethodSource("tables")
  void eachRuleNamesTheErrorsItsMethodDeclares(MethodTable table) {
    for (Method method : table.iface().getMethods()) {
      Set<Class<?>> declared = Arrays.stream(method.getExceptionTypes()).filter(e -> e != TException.class)
          .collect(Collectors.toSet());

      assertThat(table.rule(method.getName()).orElseThrow().errors()).as(method.getName())
          .containsExactlyInAnyOrderElementsOf(declared.stream().map(c -> c.asSubclass(TException.class)).toList());
    }
  }

  @ParameterizedTest
  @MethodSource("tables")
  void aRefusalIsAnsweredInAWayTheMethodCanAnswer(MethodTable table) {
    for (Method method : table.iface().getMethods()) {
      MethodRule rule = table.rule(method.getName()).orElseThrow();
      Class<?> returns = method.getReturnType();
      switch (rule.refusal()) {
        case THROWN -> assertThat(rule.errors()).as(rule.name()).contains(InvalidRequest.class);
        case DROPPED -> assertThat(returns).as(rule.name()).isIn(void.class, boolean.class);
        case ANSWERED -> assertThat(returns.isPrimitive()).as(rule.name()).isFalse();
        case NONE -> assertThat(rule.callers()).as(rule.name()).isEqualTo(CallerRule.ANYONE);
        default -> throw new AssertionError(rule.refusal());
      }
      assertThat(rule.callers() == CallerRule.ANYONE).as(rule.name()).isEqualTo(rule.refusal() == Refusal.NONE);
    }
  }

  @ParameterizedTest
  @MethodSource("tables")
  void aCallThatCarriesItsPathOfHopsIsForwardedToTheKeysOwner(MethodTable table) {
    for (Method method : table.iface().getMethods()) {
      boolean carriesPath = Arrays.stream(method.getGenericParameterTypes())
          .anyMatch(t -> t.getTypeName().equals("java.util.List<java.lang.Integer>"));

      if (carriesPath) {
        assertThat(table.rule(method.getName()).orElseThrow().forwarding()).as(method.getName())
            .isEqualTo(Forwarding.TO_OWNER);
      }
    }
  }
}
