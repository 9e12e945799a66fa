package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

class MessageMeterTest {

  @Test
  void declaredLengthsAreChargedToTheProcessBudgetAndRefusedWhenItIsSpent() throws Exception {
    InFlightBytes budget = new InFlightBytes(100);
    MessageMeter first = new MessageMeter(1_000, budget);
    MessageMeter second = new MessageMeter(1_000, budget);

    first.declared(60);
    assertThat(budget.used()).isEqualTo(60);
    assertThatThrownBy(() -> second.declared(60)).isInstanceOf(TTransportException.class)
        .hasMessageContaining("a declared length of 60 bytes is refused");
    assertThat(budget.used()).as("a refused length takes nothing").isEqualTo(60);

    first.reset();
    assertThat(budget.used()).isZero();
    second.declared(60);
    assertThat(budget.used()).isEqualTo(60);
  }

  @Test
  void aMessageIsMeasuredFromItsFirstByte() throws Exception {
    MessageMeter meter = new MessageMeter(100, new InFlightBytes(1 << 20));

    meter.read(60);
    assertThatThrownBy(() -> meter.declared(50)).isInstanceOf(TTransportException.class)
        .hasMessageContaining("a message of at least 110 bytes is refused: the limit is 100");
    assertThatThrownBy(() -> meter.read(41)).hasMessageContaining("the limit is 100");

    meter.reset();
    meter.read(100);
  }

  @Test
  void aNegativeLengthIsRefused() {
    MessageMeter meter = new MessageMeter(100, new InFlightBytes(100));

    assertThatThrownBy(() -> meter.declared(-1)).hasMessageContaining("negative length -1");
  }
}
