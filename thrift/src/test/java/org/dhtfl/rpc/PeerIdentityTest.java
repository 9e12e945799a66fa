package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerIdentityTest {

  @Test
  void theSupernodeAndClientsAreNamedByTheirRoleAlone() {
    assertThat(PeerIdentity.of("supernode", List.of())).isEqualTo(PeerIdentity.supernode());
    assertThat(PeerIdentity.of("client", List.of())).isEqualTo(PeerIdentity.client());
    assertThat(PeerIdentity.of("client alice", List.of())).isEqualTo(PeerIdentity.client());
  }

  @Test
  void aNodeNamesTheAddressItServesInItsCommonNameAndItsHostAsAnAlternativeName() {
    PeerIdentity node = PeerIdentity.of("node 127.0.0.1:5001", List.of("127.0.0.1"));

    assertThat(node.role()).isEqualTo(Role.NODE);
    assertThat(node.address()).contains(new PeerIdentity.Address("127.0.0.1", 5001));
    assertThat(node).hasToString("node 127.0.0.1:5001");
  }

  @Test
  void anIpv6NodeIsWrittenInBrackets() {
    PeerIdentity node = PeerIdentity.of("node [::1]:5001", List.of("0:0:0:0:0:0:0:1"));

    assertThat(node.address()).contains(new PeerIdentity.Address("::1", 5001));
    assertThat(node).hasToString("node [::1]:5001");
  }

  @Test
  void aNodeNamedByDnsMatchesItsDnsAlternativeNameWithoutRegardToCase() {
    PeerIdentity node = PeerIdentity.of("node Worker-1.example:6000", List.of("worker-1.example"));

    assertThat(node.address()).contains(new PeerIdentity.Address("Worker-1.example", 6000));
  }

  @Test
  void aCommonNameWithoutARoleNamesNoIdentity() {
    assertThatThrownBy(() -> PeerIdentity.of("node-5001", List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("certificate CN=node-5001 names no role: it must start with supernode, node or client");
  }

  @Test
  void aNodeWithoutItsAddressNamesNoIdentity() {
    assertThatThrownBy(() -> PeerIdentity.of("node", List.of("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CN=node HOST:PORT");
    assertThatThrownBy(() -> PeerIdentity.of("node 127.0.0.1", List.of("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not HOST:PORT");
    assertThatThrownBy(() -> PeerIdentity.of("node 127.0.0.1:70000", List.of("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port 70000 out of range 1..65535");
    assertThatThrownBy(() -> PeerIdentity.of("node ::1:5001", List.of("::1")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("in brackets");
  }

  @Test
  void aNodeWhoseHostIsNotAmongItsAlternativeNamesNamesNoIdentity() {
    assertThatThrownBy(() -> PeerIdentity.of("node 10.0.0.2:5001", List.of("127.0.0.1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("names host 10.0.0.2, which is not among its subject alternative names [127.0.0.1]");
    assertThatThrownBy(() -> PeerIdentity.of("node 127.0.0.1:5001", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyANodesIdentityNamesAnAddress() {
    assertThatThrownBy(() -> new PeerIdentity(Role.CLIENT, Optional.of(new PeerIdentity.Address("h", 1))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PeerIdentity(Role.NODE, Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aNodeIsTheNodeAtItsOwnAddressOnly() {
    PeerIdentity node = PeerIdentity.node("127.0.0.1", 5001);

    assertThat(node.isNode("127.0.0.1", 5001)).isTrue();
    assertThat(node.isNode("127.0.0.1", 5002)).isFalse();
    assertThat(node.isNode("10.0.0.2", 5001)).isFalse();
    assertThat(PeerIdentity.client().isNode("127.0.0.1", 5001)).isFalse();
  }

  @Test
  void hostsAreComparedAsAddressesWhenBothAreLiterals() {
    assertThat(PeerIdentity.sameHost("::1", "0:0:0:0:0:0:0:1")).isTrue();
    assertThat(PeerIdentity.sameHost("127.0.0.1", "127.0.0.2")).isFalse();
    assertThat(PeerIdentity.sameHost("localhost", "127.0.0.1")).isTrue();
  }
}
