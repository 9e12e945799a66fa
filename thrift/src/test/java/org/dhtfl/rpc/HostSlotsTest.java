package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class HostSlotsTest {

  @Test
  void aHostHoldsAtMostItsShareAndGetsSlotsBackOnRelease() throws Exception {
    HostSlots slots = new HostSlots(2);
    InetAddress one = InetAddress.getByName("10.0.0.1");
    InetAddress other = InetAddress.getByName("10.0.0.2");

    assertThat(slots.acquire(one)).isTrue();
    assertThat(slots.acquire(one)).isTrue();
    assertThat(slots.acquire(one)).isFalse();
    assertThat(slots.acquire(other)).as("another host still has its slots").isTrue();

    slots.release(one);
    assertThat(slots.acquire(one)).isTrue();
    assertThat(slots.open(one)).isEqualTo(2);
  }

  @Test
  void loopbackIsNotCapped() {
    HostSlots slots = new HostSlots(1);
    InetAddress loopback = InetAddress.getLoopbackAddress();

    for (int i = 0; i < 10; i++) {
      assertThat(slots.acquire(loopback)).isTrue();
    }
    assertThat(slots.open(loopback)).isZero();
  }
}
