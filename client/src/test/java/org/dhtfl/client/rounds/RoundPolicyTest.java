package org.dhtfl.client.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RoundPolicyTest {

  @Test
  void eachPauseIsTwiceTheLastUpToTheLongest() {
    RoundPolicy.Backoff backoff = new RoundPolicy.Backoff(10, 200, OptionalLong.empty());

    assertThat(backoff.after(10)).isEqualTo(20);
    assertThat(backoff.after(80)).isEqualTo(160);
    assertThat(backoff.after(160)).isEqualTo(200);
    assertThat(backoff.after(200)).isEqualTo(200);
  }
}
