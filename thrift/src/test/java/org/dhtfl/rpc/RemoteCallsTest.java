package org.dhtfl.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RemoteCallsTest {

  @Test
  void anAnswerIsDecodedIntoTheDomainsValue() throws Exception {
    int value = RemoteCalls.call(() -> "42", Integer::parseInt, e -> new IllegalStateException(e));

    assertThat(value).isEqualTo(42);
  }

  @Test
  void anAnswerThatDoesNotDecodeBecomesTheCallersExceptionWithTheDecodersReason() {
    assertThatThrownBy(() -> RemoteCalls.call(() -> "forty-two", Integer::parseInt,
        e -> RemoteException.malformed("answer of node 19", e)))
        .isInstanceOf(RemoteException.class).hasMessageContaining("answer of node 19: malformed answer: For input")
        .extracting(e -> ((RemoteException) e).kind()).isEqualTo(RemoteException.Kind.MALFORMED);
  }

  @Test
  void aFailedCallIsReportedAsItFailedAndNothingIsDecoded() {
    RemoteException down = new RemoteException(RemoteException.Kind.UNREACHABLE, "node 19 is down");

    assertThatThrownBy(() -> RemoteCalls.call(() -> {
      throw down;
    }, answer -> {
      throw new AssertionError("decoded an answer that never came");
    }, e -> new IllegalStateException(e))).isSameAs(down);
  }
}
