package org.dhtfl.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostHeaderFilterTest {

  private final HostHeaderFilter filter = HostHeaderFilter.forThisMachine();

  @Test
  void addressesAndLocalhostAreThisMachine() {
    assertThat(filter.allows("127.0.0.1:8080")).isTrue();
    assertThat(filter.allows("10.0.0.7")).isTrue();
    assertThat(filter.allows("[::1]:8080")).isTrue();
    assertThat(filter.allows("LocalHost:8080")).isTrue();
  }

  @Test
  void anotherDomainOrNoHostIsRefused() {
    assertThat(filter.allows("attacker.example:8080")).isFalse();
    assertThat(filter.allows("127.0.0.1.attacker.example")).isFalse();
    assertThat(filter.allows("1.2.3.999")).isFalse();
    assertThat(filter.allows("")).isFalse();
    assertThat(filter.allows(null)).isFalse();
    assertThat(filter.allows("a:b:c")).isFalse();
  }
}
