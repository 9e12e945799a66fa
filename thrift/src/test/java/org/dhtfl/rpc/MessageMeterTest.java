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

  @Test
  void aContainersHeapIsChargedAgainstItsMethodsLimitAndTheBudget() throws Exception {
    InFlightBytes budget = new InFlightBytes(1_000);
    MessageMeter meter = new MessageMeter(1_000, budget);
    meter.limit(new MessageLimits("deliver", 10, 500));

    meter.container(10, 400);
    assertThat(budget.used()).isEqualTo(400);
    assertThatThrownBy(() -> meter.container(11, 0)).hasMessageContaining("a container of 11 elements is refused: "
        + "deliver carries at most 10");
    assertThatThrownBy(() -> meter.container(1, 101)).hasMessageContaining("a message taking at least 501 bytes of "
        + "heap is refused: deliver may take 500");

    meter.reset();
    assertThat(budget.used()).isZero();
    meter.container(11, 600);
    assertThat(budget.used()).as("the next message has the default limits").isEqualTo(600);
  }

  @Test
  void answersMayUseTheReserveThatIncomingMessagesMayNot() throws Exception {
    InFlightBytes budget = new InFlightBytes(1_000);
    MessageMeter request = new MessageMeter(1_000, budget);
    MessageMeter answer = MessageMeter.forAnswers(1_000, budget);

    assertThatThrownBy(() -> request.declared(800)).hasMessageContaining("is refused");
    answer.declared(800);

    assertThat(budget.used()).isEqualTo(800);
  }
}
