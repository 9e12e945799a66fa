package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dhtfl.thrift.ComputeNode;
import org.dhtfl.thrift.Supernode;
import org.junit.jupiter.api.Test;

class MessageLimitsTest {

  @Test
  void onlyTheNodesMethodsThatCarryDataOrWeightsMayCarryLargeContainers() {
    Map<String, MessageLimits> limits = MessageLimits.byMethod(new ComputeNode.Processor<>(ChargedProtocolTest.node(
        (method, args) -> null)), RpcSettings.DEFAULTS);

    Set<String> large = new TreeSet<>();
    limits.forEach((method, limit) -> {
      if (limit.maxElements() > MessageLimits.RING_ELEMENTS) {
        large.add(method);
      }
    });

    assertThat(large).containsExactly("class_statistics", "score_models", "store_replica", "submit_job", "submit_jobs",
        "take_over");
    assertThat(limits.get("take_over")).isEqualTo(new MessageLimits("take_over",
        RpcSettings.DEFAULTS.maxContainerElements(), 4L * RpcSettings.DEFAULTS.maxMessageBytes()));
    assertThat(limits.get("leaving")).isEqualTo(new MessageLimits("leaving", 1_024, 1 << 20));
    assertThat(limits).hasSize(ComputeNode.Iface.class.getMethods().length);
  }

  @Test
  void everyMethodOfTheSupernodeIsARingCall() {
    Map<String, MessageLimits> limits = MessageLimits.byMethod(new Supernode.Processor<>(new BitsOnlySupernode(() -> {
    })), RpcSettings.DEFAULTS);

    assertThat(limits).hasSize(Supernode.Iface.class.getMethods().length);
    assertThat(limits.values()).allMatch(l -> l.equals(MessageLimits.ring(l.method())));
  }
}
