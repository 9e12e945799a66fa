package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.thrift.transport.TTransportException;
import org.junit.jupiter.api.Test;

class InFlightBytesTest {

  @Test
  void incomingMessagesLeaveAQuarterOfTheBudgetToTheAnswersOfTheProcesssOwnCalls() throws Exception {
    InFlightBytes budget = new InFlightBytes(100);
    InFlightBytes.Account request = budget.incoming();
    InFlightBytes.Account otherRequest = budget.incoming();
    InFlightBytes.Account answer = budget.answers();

    request.charge(75);
    assertThatThrownBy(() -> otherRequest.charge(1)).isInstanceOf(TTransportException.class)
        .hasMessageContaining("is refused");
    answer.charge(25);

    assertThat(budget.used()).isEqualTo(100);
    assertThatThrownBy(() -> answer.charge(1)).hasMessageContaining("is refused");
  }

  @Test
  void eachMessagesFirstSmallBytesAreNotTakenFromTheSharedBudget() throws Exception {
    InFlightBytes budget = new InFlightBytes(100, 10);
    InFlightBytes.Account filler = budget.incoming();
    InFlightBytes.Account ping = budget.incoming();

    filler.charge(85);
    assertThat(budget.used()).as("the first 10 bytes are the message's own").isEqualTo(75);
    ping.charge(10);
    assertThat(budget.used()).isEqualTo(75);
    assertThatThrownBy(() -> ping.charge(1)).hasMessageContaining("is refused");

    ping.releaseAll();
    ping.charge(10);
    assertThat(budget.used()).as("a handled message's next one is small again").isEqualTo(75);
  }

  @Test
  void aConnectionGivesBackAllItHeld() throws Exception {
    InFlightBytes budget = new InFlightBytes(100, 10);
    InFlightBytes.Account account = budget.answers();

    account.charge(60);
    account.releaseAll();

    assertThat(budget.used()).isZero();
  }
}
